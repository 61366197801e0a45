package dev.baton.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Tells a subscriber that it cannot be brought up to date event by event (its resume point has
 * left the log, or it fell too far behind): refetch everything, then continue after {@code seq}.
 */
@JsonPropertyOrder({ "type", "seq" })
public record Resync(long seq) implements StreamEvent {

	@Override
	public String type() {
		return "resync";
	}

}
