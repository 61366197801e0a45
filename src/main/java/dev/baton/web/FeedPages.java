package dev.baton.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import dev.baton.events.UpdatesStream;
import dev.baton.updates.Update;
import dev.baton.updates.UpdateService;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The newest page of each channel's feed, read from the database once per change and shared by
 * every page view that asks for it, and rendered as the feed fragment once per change for all of
 * them. Each event makes every open page fetch its feed at the same moment: without this, each of
 * them would query the database and render the fragment.
 */
@Component
class FeedPages {

	private final UpdateService updates;

	private final UpdatesStream stream;

	private final FeedFragments fragments;

	// keyed by channel and size, so it holds at most channels x sizes pages
	private final Map<Key, Page> newest = new ConcurrentHashMap<>();

	FeedPages(UpdateService updates, UpdatesStream stream, FeedFragments fragments) {
		this.updates = updates;
		this.stream = stream;
		this.fragments = fragments;
	}

	/**
	 * The newest {@code size} updates of {@code channel} (all when null), as they were after the
	 * last event this instance published, or later.
	 */
	Mono<Versioned> newest(String channel, int size) {
		return current(new Key(channel, size)).read();
	}

	/**
	 * The {@link #newest(String, int) newest} page as the feed fragment, rendered on first use.
	 * A page told of event {@code seen} by another instance, which this one has not published
	 * yet, gets a page read now instead: the shared one could be from before that event, and the
	 * page would show it only after the next.
	 */
	Mono<FeedFragments.Fragment> newestFragment(String channel, int size, OptionalLong seen) {
		Key key = new Key(channel, size);
		OptionalLong published = this.stream.lastPublished();
		boolean behind = seen.isPresent() && (published.isEmpty() || published.getAsLong() < seen.getAsLong());
		// seen was committed before the page was told of it, so a read started now shows it
		return (behind ? read(key, seen) : current(key)).fragment();
	}

	private Page current(Key key) {
		OptionalLong seq = this.stream.lastPublished();
		return this.newest.compute(key, (k, page) -> (page != null && page.seq().equals(seq)) ? page : read(key, seq));
	}

	// the read starts after seq was taken, so it shows at least everything up to seq
	private Page read(Key key, OptionalLong seq) {
		Mono<Versioned> read = shared(
				this.updates.page(key.channel(), null, key.size()).collectList().map(list -> new Versioned(seq, list)));
		return new Page(seq, read, shared(read.map(page -> this.fragments.render(key.channel(), key.size(), page))));
	}

	// every page view that asks while it is read shares the one read; a failed read is not kept
	private static <T> Mono<T> shared(Mono<T> read) {
		return read.cache(value -> Duration.ofDays(365), error -> Duration.ZERO, () -> Duration.ZERO);
	}

	/**
	 * A page of updates and the last seq it is known to include.
	 *
	 * @param seq the newest seq published when the page was read, if any
	 * @param updates the updates, newest first
	 */
	record Versioned(OptionalLong seq, List<Update> updates) {
	}

	private record Key(String channel, int size) {
	}

	private record Page(OptionalLong seq, Mono<Versioned> read, Mono<FeedFragments.Fragment> fragment) {
	}

}
