package dev.baton.presence;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The signals one stream asked for, and which of them it gets: presence of the channels it names
 * (of being online when it names none), typing in those channels (in the feed's channels when it
 * names none), unread posts by others in any feed channel; each only in a channel its reader may
 * read, asked at each signal so that a permission withdrawn applies at once.
 *
 * @param kinds what the stream asked for
 * @param channels the channels it names; empty for the feed's
 * @param reader the name of the person or token reading
 * @param readable whether the reader may read a channel now
 * @param feed whether a channel is one of the feed's
 */
public record Interest(Set<Signal.Kind> kinds, Set<String> channels, String reader, Predicate<String> readable,
		Predicate<String> feed) {

	/** Whether the stream gets {@code signal}. */
	boolean wants(Signal signal) {
		if (!this.kinds.contains(signal.kind())) {
			return false;
		}
		String channel = signal.channel();
		return switch (signal.kind()) {
			case PRESENCE -> (channel == null) ? this.channels.isEmpty()
					: this.channels.contains(channel) && this.readable.test(channel);
			case TYPING -> (this.channels.isEmpty() ? this.feed.test(channel) : this.channels.contains(channel))
					&& this.readable.test(channel);
			case UNREAD -> !this.reader.equals(signal.author()) && this.readable.test(channel);
		};
	}

	/** The presence scopes the stream watches: its channels, or being online. */
	List<String> presenceScopes() {
		if (!this.kinds.contains(Signal.Kind.PRESENCE)) {
			return List.of();
		}
		return this.channels.isEmpty() ? List.of(Presence.ONLINE) : List.copyOf(this.channels);
	}

}
