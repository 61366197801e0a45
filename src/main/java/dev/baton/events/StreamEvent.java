package dev.baton.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a subscriber receives, identical on every transport. Each event carries the {@code seq}
 * a client resumes after.
 */
public sealed interface StreamEvent permits LoggedEvent, Resync {

	/** The wire name of the event: {@code updates_changed}, {@code channel_event} or {@code resync}. */
	@JsonProperty("type")
	String type();

	/** The position in the event log; a client that has seen it resumes after it. */
	long seq();

}
