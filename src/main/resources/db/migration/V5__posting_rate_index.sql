-- The posting limit counts an author's created events of the last minute, under a per-author
-- lock, on every post; this keeps that read to the few index entries it needs.
CREATE INDEX update_events_created_by ON update_events (actor, at) WHERE action = 'created';
