package dev.baton.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A committed change to an update, as recorded in the event log. On the wire:
 * {@code {"type":"updates_changed","seq":42,"update_id":7,"channel":"general","action":"created",
 * "actor":"ana","at":"2026-11-22T10:15:30.123Z"}}. Clients fetch the update itself by id, or
 * ask for its rendered item on the stream.
 *
 * @param content the update as it was when the event was read from the log; null when the
 * update is gone, and in the event the writer gets back
 */
@JsonPropertyOrder({ "type", "seq", "update_id", "channel", "action", "actor", "at" })
public record UpdateEvent(long seq, @JsonProperty("update_id") long updateId, String channel, Action action,
		String actor, Instant at, @JsonIgnore UpdateContent content) implements LoggedEvent {

	public UpdateEvent(long seq, long updateId, String channel, Action action, String actor, Instant at) {
		this(seq, updateId, channel, action, actor, at, null);
	}

	/** This event showing {@code content}, its update as it is now. */
	UpdateEvent showing(UpdateContent content) {
		return new UpdateEvent(this.seq, this.updateId, this.channel, this.action, this.actor, this.at, content);
	}

	@Override
	public String type() {
		return "updates_changed";
	}

}
