CREATE TABLE users (
    username       varchar(64) PRIMARY KEY CHECK (username ~ '^[A-Za-z0-9._-]+$'),
    password_hash  varchar(100) NOT NULL,
    role           varchar(16) NOT NULL CHECK (role IN ('member', 'admin')),
    created_at     timestamptz NOT NULL DEFAULT now()
);
