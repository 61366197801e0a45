CREATE TABLE channels (
    name         varchar(40) PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9-]*$'),
    description  varchar(200) NOT NULL DEFAULT '',
    admin_only   boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now()
);

INSERT INTO channels (name, description, admin_only) VALUES
    ('announcements', 'Company announcements', true),
    ('general', 'Discussion for everyone', false);

CREATE TABLE updates (
    id          bigserial PRIMARY KEY,
    channel     varchar(40) NOT NULL REFERENCES channels (name),
    title       varchar(200) NOT NULL,
    body        varchar(10000) NOT NULL,
    author      varchar(64) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    edited_at   timestamptz
);

CREATE INDEX updates_channel_id ON updates (channel, id DESC);

-- The audit trail and the resume log. seq is allocated as max(seq) + 1 while holding a
-- transaction-scoped advisory lock, so it has no gaps and commits in seq order.
CREATE TABLE update_events (
    seq        bigint PRIMARY KEY,
    update_id  bigint NOT NULL,
    channel    varchar(40) NOT NULL,
    action     varchar(16) NOT NULL CHECK (action IN ('created', 'edited', 'deleted')),
    actor      varchar(64) NOT NULL,
    at         timestamptz NOT NULL
);

CREATE INDEX update_events_at ON update_events (at);
