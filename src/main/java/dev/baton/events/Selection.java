package dev.baton.events;

import java.util.Set;
import java.util.function.Predicate;

/**
 * Which events of the log a stream receives: those of the channels it named, or without any, those
 * of the feed's channels; of these, only those its reader may read, asked at each event so that a
 * permission withdrawn applies at once.
 */
public final class Selection {

	private static final Selection EVERYTHING = new Selection(Set.of(), true, channel -> true);

	private final Set<String> channels;

	private final boolean everything;

	private final Predicate<String> readable;

	private Selection(Set<String> channels, boolean everything, Predicate<String> readable) {
		this.channels = Set.copyOf(channels);
		this.everything = everything;
		this.readable = readable;
	}

	/**
	 * The events of {@code channels}, or of the feed's channels when empty, in the channels
	 * {@code readable} accepts.
	 */
	public static Selection of(Set<String> channels, Predicate<String> readable) {
		return new Selection(channels, false, readable);
	}

	/** Every event of every channel, for the instance's own figures. */
	public static Selection everything() {
		return EVERYTHING;
	}

	/** Whether the stream receives {@code event}. */
	public boolean wants(LoggedEvent event) {
		return (this.everything || (this.channels.isEmpty() ? event instanceof UpdateEvent
				: this.channels.contains(event.channel()))) && this.readable.test(event.channel());
	}

	/** The channels named; empty for the feed's channels or for everything. */
	Set<String> channels() {
		return this.channels;
	}

	/** Whether only the feed's events are wanted: no channel was named. */
	boolean feed() {
		return !this.everything && this.channels.isEmpty();
	}

}
