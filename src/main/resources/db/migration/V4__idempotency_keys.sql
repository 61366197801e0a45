-- A post may carry the client's idempotency key: a repeat of the key by the same author within
-- 24 hours answers with that post instead of creating another, on any instance.
ALTER TABLE updates ADD COLUMN idempotency_key varchar(64);

CREATE UNIQUE INDEX updates_author_idempotency_key ON updates (author, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- A repeat answers with the seq of the post's created event.
CREATE INDEX update_events_created ON update_events (update_id) WHERE action = 'created';
