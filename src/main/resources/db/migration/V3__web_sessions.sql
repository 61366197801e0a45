-- Browser sessions, shared by every instance so that a load balancer needs no affinity.
CREATE TABLE web_sessions (
    id                varchar(64) PRIMARY KEY,
    attributes        bytea NOT NULL,
    created_at        timestamptz NOT NULL,
    last_access       timestamptz NOT NULL,
    max_idle_seconds  integer NOT NULL
);

CREATE INDEX web_sessions_last_access ON web_sessions (last_access);
