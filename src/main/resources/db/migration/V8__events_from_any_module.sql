-- Channels are of two kinds. Feed channels take posts and are the feed's tabs; module channels
-- take the named events other modules publish, and reach only the streams that name them.
ALTER TABLE channels ADD COLUMN kind varchar(8) NOT NULL DEFAULT 'feed' CHECK (kind IN ('feed', 'module'));

-- The one log holds both: a change to an update (update_id, action) or a module's named event
-- (action 'published', name, data), published by a user, a service token or a database role.
ALTER TABLE update_events ALTER COLUMN update_id DROP NOT NULL;
ALTER TABLE update_events DROP CONSTRAINT update_events_action_check;
ALTER TABLE update_events ADD CONSTRAINT update_events_action_check
    CHECK (action IN ('created', 'edited', 'deleted', 'published'));
ALTER TABLE update_events
    ADD COLUMN name varchar(64),
    ADD COLUMN data jsonb,
    ADD COLUMN actor_kind varchar(8) NOT NULL DEFAULT 'user' CHECK (actor_kind IN ('user', 'token', 'database'));
ALTER TABLE update_events ADD CONSTRAINT update_events_published_shape
    CHECK ((action = 'published') = (update_id IS NULL) AND (action = 'published') = (name IS NOT NULL)
           AND (action = 'published') = (data IS NOT NULL));

-- The limit on edits and deletes counts only those: published events have limits of their own.
DROP INDEX update_events_changed_by;
CREATE INDEX update_events_changed_by ON update_events (actor, at) WHERE action IN ('edited', 'deleted');

-- Who may read a channel (subscribe, replay) and who may publish on it, beyond its defaults:
-- grantees are 'role:member', 'role:admin' or 'user:<name>'. A channel without rows for an access
-- keeps the default (every signed-in user reads; a feed channel takes posts from everyone, or
-- from admins when admin_only; a module channel from admins). Admins may always do both.
CREATE TABLE channel_permissions (
    channel  varchar(40) NOT NULL REFERENCES channels (name),
    access   varchar(8) NOT NULL CHECK (access IN ('read', 'publish')),
    grantee  varchar(80) NOT NULL CHECK (grantee ~ '^(role:(member|admin)|user:[A-Za-z0-9._-]+)$'),
    PRIMARY KEY (channel, access, grantee)
);

-- What every instance reads to learn that channels or their permissions changed.
CREATE TABLE channel_changes (
    id       boolean PRIMARY KEY DEFAULT true CHECK (id),
    version  bigint NOT NULL
);
INSERT INTO channel_changes (version) VALUES (1);

-- Service tokens: shown once, stored as the SHA-256 of the secret, scoped to the channels they
-- may publish on and read. A revoked token stays, so that its name keeps naming its events.
CREATE TABLE service_tokens (
    id          bigserial PRIMARY KEY,
    name        varchar(64) NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9._-]+$'),
    secret_hash bytea NOT NULL UNIQUE,
    publish     varchar(40)[] NOT NULL,
    read        varchar(40)[] NOT NULL,
    created_by  varchar(64) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- A publish may carry the publisher's idempotency key: a repeat within 24 hours answers with the
-- event it published, on any instance.
CREATE TABLE publish_keys (
    publisher     varchar(80) NOT NULL,
    key           varchar(64) NOT NULL,
    seq           bigint NOT NULL,
    request_hash  bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (publisher, key)
);

-- The largest payload baton.publish takes, in bytes of its JSON text; each instance writes its
-- baton.publish.max-payload here when it starts.
CREATE TABLE publish_settings (
    id           boolean PRIMARY KEY DEFAULT true CHECK (id),
    max_payload  integer NOT NULL
);
INSERT INTO publish_settings (max_payload) VALUES (65536);

CREATE SCHEMA IF NOT EXISTS baton;

-- The last seq given out. Its row is the lock that orders the log: an append updates it and holds
-- it until its transaction ends, so seq N+1 never commits before seq N, and a rolled-back append
-- gives its seq back. Only Baton's own role may touch it, unlike an advisory lock, which any role
-- that connects could take and hold.
CREATE TABLE event_seq (
    id    boolean PRIMARY KEY DEFAULT true CHECK (id),
    last  bigint NOT NULL
);
INSERT INTO event_seq (last) SELECT coalesce(max(seq), 0) FROM update_events;

-- Appends one event with the next seq and announces it: the one way every event enters the log.
-- Every function here names its tables in Baton's schema, with pg_temp last, so that no caller's
-- temporary table stands in for one of them.
CREATE FUNCTION baton.append_event(p_update_id bigint, p_channel varchar, p_action varchar, p_actor varchar,
                                   p_actor_kind varchar, p_name varchar, p_data jsonb)
    RETURNS update_events
    LANGUAGE plpgsql
    SET search_path = pg_catalog, ${flyway:defaultSchema}, pg_temp
AS $$
DECLARE
    appended update_events;
    next_seq bigint;
BEGIN
    UPDATE event_seq SET last = last + 1 RETURNING last INTO next_seq;
    INSERT INTO update_events (seq, update_id, channel, action, actor, actor_kind, name, data, at)
    VALUES (next_seq, p_update_id, p_channel, p_action, p_actor, p_actor_kind, p_name, p_data, clock_timestamp())
    RETURNING * INTO appended;
    PERFORM pg_notify('updates_changed', appended.seq::text);
    RETURN appended;
END
$$;

-- Events published in a transaction wait here until it commits: each is appended by the deferred
-- trigger below, at commit, so the seq lock is held only while committing and a transaction that
-- works on after publishing holds up nobody. A rolled-back transaction leaves nothing.
CREATE UNLOGGED TABLE pending_events (
    id       bigserial PRIMARY KEY,
    channel  varchar(40) NOT NULL,
    name     varchar(64) NOT NULL,
    data     jsonb NOT NULL,
    actor    varchar(64) NOT NULL
);

CREATE FUNCTION baton.append_pending() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, ${flyway:defaultSchema}, pg_temp
AS $$
BEGIN
    PERFORM baton.append_event(NULL, NEW.channel, 'published', NEW.actor, 'database', NEW.name, NEW.data);
    DELETE FROM pending_events WHERE id = NEW.id;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER pending_events_append AFTER INSERT ON pending_events
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION baton.append_pending();

-- Publishes event 'name' with 'data' on the module channel 'channel' when the caller's
-- transaction commits, as the database role that signed in. Errors have SQLSTATEs of class BT:
-- BT400 (bad name or data), BT404 (unknown channel), BT409 (a feed channel), BT413 (too large).
CREATE FUNCTION baton.publish(channel varchar, name varchar, data jsonb) RETURNS void
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, ${flyway:defaultSchema}, pg_temp
AS $$
DECLARE
    channel_kind varchar;
    max_payload integer;
    payload integer;
BEGIN
    SELECT c.kind INTO channel_kind FROM channels c WHERE c.name = publish.channel;
    IF channel_kind IS NULL THEN
        RAISE EXCEPTION 'Unknown channel %', coalesce(quote_literal(publish.channel), 'NULL')
            USING ERRCODE = 'BT404', HINT = 'Publish on a module channel an admin created.';
    END IF;
    IF channel_kind <> 'module' THEN
        RAISE EXCEPTION 'Channel % is a feed channel: events are published on module channels', quote_literal(publish.channel)
            USING ERRCODE = 'BT409';
    END IF;
    IF publish.name IS NULL OR publish.name !~ '^[A-Za-z][A-Za-z0-9_.:-]{0,63}$' THEN
        RAISE EXCEPTION 'Invalid event name %', coalesce(quote_literal(publish.name), 'NULL')
            USING ERRCODE = 'BT400',
                  HINT = 'A name is 1 to 64 letters, digits, ''.'', ''_'', '':'' or ''-'', starting with a letter.';
    END IF;
    IF publish.data IS NULL THEN
        RAISE EXCEPTION 'The data of event % is NULL', quote_literal(publish.name)
            USING ERRCODE = 'BT400', HINT = 'Publish JSON null as ''null''::jsonb.';
    END IF;
    SELECT s.max_payload INTO max_payload FROM publish_settings s;
    payload := octet_length(publish.data::text);
    IF payload > max_payload THEN
        RAISE EXCEPTION 'The data of event % is % bytes, more than the limit of %', quote_literal(publish.name), payload,
            max_payload USING ERRCODE = 'BT413';
    END IF;
    INSERT INTO pending_events (channel, name, data, actor) VALUES (publish.channel, publish.name, publish.data, session_user);
END
$$;

-- Functions are executable by everyone unless revoked: the operator grants baton.publish to the
-- roles of the modules, nothing else.
REVOKE ALL ON FUNCTION baton.append_event(bigint, varchar, varchar, varchar, varchar, varchar, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION baton.append_pending() FROM PUBLIC;
REVOKE ALL ON FUNCTION baton.publish(varchar, varchar, jsonb) FROM PUBLIC;
