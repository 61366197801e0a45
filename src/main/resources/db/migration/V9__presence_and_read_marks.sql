-- Who is here: each instance writes the users of its open streams, per channel (scope) and for
-- being online at all (scope ''), and refreshes its own row while it runs. An instance that stops
-- refreshing (killed) is removed with its rows by whichever instance sweeps next. The tables are
-- unlogged: what they hold is rebuilt by the running instances within seconds, so it is not worth
-- a WAL record per join and leave, and a crash simply empties them.
CREATE UNLOGGED TABLE presence_instances (
    instance    uuid PRIMARY KEY,
    expires_at  timestamptz NOT NULL
);

CREATE UNLOGGED TABLE presence (
    instance     uuid NOT NULL REFERENCES presence_instances ON DELETE CASCADE,
    scope        varchar(64) NOT NULL,
    username     varchar(64) NOT NULL,
    -- 0 while the user's last stream is in its grace period
    connections  integer NOT NULL CHECK (connections >= 0),
    PRIMARY KEY (scope, username, instance)
);

CREATE INDEX presence_of_instance ON presence (instance);

-- A scope's version moves whenever one of its rows changes, so that instances read a scope's
-- users only after it changed.
CREATE SEQUENCE presence_change;

CREATE UNLOGGED TABLE presence_versions (
    scope    varchar(64) PRIMARY KEY,
    version  bigint NOT NULL
);

-- How far each person has read each feed channel: posts after it count as unread.
CREATE TABLE read_marks (
    username    varchar(64) NOT NULL REFERENCES users ON DELETE CASCADE ON UPDATE CASCADE,
    channel     varchar(64) NOT NULL REFERENCES channels ON DELETE CASCADE,
    read_up_to  bigint NOT NULL,
    PRIMARY KEY (username, channel)
);

-- The keys that instances sign what they send each other with NOTIFY: any role that connects may
-- NOTIFY on any channel, so an instance acts only on notifications signed with a key only Baton's
-- own role can read.
CREATE TABLE notification_keys (
    name    varchar(16) PRIMARY KEY,
    secret  varchar(64) NOT NULL
);

INSERT INTO notification_keys (name, secret)
VALUES ('typing', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
