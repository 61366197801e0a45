package dev.baton.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.baton.events.UpdatesStream;
import dev.baton.updates.Channels;
import dev.baton.updates.Update;
import dev.baton.updates.UpdateService;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The newest page of each channel's feed, read from the database once per change and shared by
 * every page view that asks for it, and rendered as the feed fragment once per change for all of
 * them. Each event makes every open page fetch its feed at the same moment: without this, each of
 * them would query the database and render the fragment. Only pages of channels the viewer may
 * read are kept (the caller checked them), at most {@link #MAX_PAGES}: sizes come from the request.
 */
@Component
class FeedPages {

	/**
	 * The most pages kept. A request may ask for any size from 1 to {@code Limits.MAX_PAGE_SIZE}
	 * of any channel; past this many, the kept pages are dropped and kept anew as they are asked
	 * for, which costs each one read, as every event does.
	 */
	static final int MAX_PAGES = 1024;

	private final UpdateService updates;

	private final UpdatesStream stream;

	private final FeedFragments fragments;

	// keyed by known channel and size, at most MAX_PAGES
	private final Map<Key, Page> newest = new ConcurrentHashMap<>();

	FeedPages(UpdateService updates, UpdatesStream stream, FeedFragments fragments) {
		this.updates = updates;
		this.stream = stream;
		this.fragments = fragments;
	}

	/**
	 * The newest {@code size} updates of {@code channel} (all when null), as they were after the
	 * last event this instance published, or later.
	 * @param shown the channels the view shows its viewer ({@link Channels#feedShown}): pages are
	 * shared by the viewers who may read the same channels
	 */
	Mono<Versioned> newest(String channel, Set<String> shown, int size) {
		return current(new Key(channel, shown, size)).flatMap(Page::read);
	}

	/**
	 * The {@link #newest(String, int) newest} page as the feed fragment, rendered on first use.
	 * A page told of event {@code seen} by another instance, which this one has not published
	 * yet, gets a page read now instead: the shared one could be from before that event, and the
	 * page would show it only after the next.
	 */
	Mono<FeedFragments.Fragment> newestFragment(String channel, Set<String> shown, int size, OptionalLong seen) {
		Key key = new Key(channel, shown, size);
		OptionalLong published = this.stream.lastPublished();
		boolean behind = seen.isPresent() && (published.isEmpty() || published.getAsLong() < seen.getAsLong());
		// seen was committed before the page was told of it, so a read started now shows it
		return (behind ? Mono.just(read(key, seen)) : current(key)).flatMap(Page::fragment);
	}

	/** How many pages are kept. */
	int size() {
		return this.newest.size();
	}

	private Mono<Page> current(Key key) {
		return Mono.fromSupplier(() -> kept(key));
	}

	private Page kept(Key key) {
		OptionalLong seq = this.stream.lastPublished();
		if (this.newest.size() >= MAX_PAGES && !this.newest.containsKey(key)) {
			this.newest.clear();
		}
		return this.newest.compute(key, (k, page) -> (page != null && page.seq().equals(seq)) ? page : read(key, seq));
	}

	// the read starts after seq was taken, so it shows at least everything up to seq
	private Page read(Key key, OptionalLong seq) {
		Mono<Versioned> read = shared(
				this.updates.page(key.shown(), null, key.size()).collectList().map(list -> new Versioned(seq, list)));
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

	private record Key(String channel, Set<String> shown, int size) {
	}

	private record Page(OptionalLong seq, Mono<Versioned> read, Mono<FeedFragments.Fragment> fragment) {
	}

}
