-- The limit on edits and deletes counts an actor's other events of the last minute, under the
-- same per-user lock as the posting limit, on every edit and delete; this keeps that read to the
-- few index entries it needs, as V5's index does for posts.
CREATE INDEX update_events_changed_by ON update_events (actor, at) WHERE action <> 'created';
