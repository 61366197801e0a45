-- Run by Flyway after the migrations at every start: the payload limit of baton.publish is the
-- instance's baton.publish.max-payload.
UPDATE publish_settings SET max_payload = ${maxPayload};
