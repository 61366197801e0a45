package dev.baton.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A committed change to an update, as recorded in the event log. On the wire:
 * {@code {"type":"updates_changed","seq":42,"update_id":7,"channel":"general","action":"created",
 * "actor":"ana","at":"2026-11-22T10:15:30.123Z"}}. Clients fetch the update itself by id.
 */
@JsonPropertyOrder({ "type", "seq", "update_id", "channel", "action", "actor", "at" })
public record UpdateEvent(long seq, @JsonProperty("update_id") long updateId, String channel, Action action,
		String actor, Instant at) implements StreamEvent {

	@Override
	public String type() {
		return "updates_changed";
	}

}
