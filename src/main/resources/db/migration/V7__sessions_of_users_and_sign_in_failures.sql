-- A session names its signed-in user, so that deleting the user deletes their sessions, which
-- every instance then reads as signed out. Sessions stored before held the user's password hash
-- in their attributes and no user: they end here, and their people sign in again.
DELETE FROM web_sessions;
ALTER TABLE web_sessions ADD COLUMN username varchar(64) REFERENCES users (username) ON DELETE CASCADE;
CREATE INDEX web_sessions_username ON web_sessions (username);

-- Failed sign-ins per client address ('a:' and a SHA-256 of it), user ('u:…') and user at an
-- address ('p:…'), each counted in a fixed window from its first failure.
CREATE TABLE sign_in_failures (
    key           varchar(200) PRIMARY KEY,
    window_start  timestamptz NOT NULL,
    failures      integer NOT NULL
);
