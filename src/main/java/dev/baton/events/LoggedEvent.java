package dev.baton.events;

import java.time.Instant;

/**
 * An event of the log: a change to an update, or an event a module published. Each belongs to
 * one channel and has its own seq.
 */
public sealed interface LoggedEvent extends StreamEvent permits UpdateEvent, ChannelEvent {

	/** The channel the event belongs to. */
	String channel();

	/** When the event was appended, just before its transaction committed. */
	Instant at();

}
