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
 * every page view that asks for it. Each event makes every open page fetch its feed at the same
 * moment: without this, each of them would query the database.
 */
@Component
class FeedPages {

	private final UpdateService updates;

	private final UpdatesStream stream;

	// keyed by channel and size, so it holds at most channels x sizes pages
	private final Map<Key, Page> newest = new ConcurrentHashMap<>();

	FeedPages(UpdateService updates, UpdatesStream stream) {
		this.updates = updates;
		this.stream = stream;
	}

	/**
	 * The newest {@code size} updates of {@code channel} (all when null), as they were after the
	 * last event this instance published, or later.
	 */
	Mono<Versioned> newest(String channel, int size) {
		OptionalLong seq = this.stream.lastPublished();
		// the read starts after seq was taken, so it shows at least everything up to seq
		return this.newest.compute(new Key(channel, size), (key, page) -> (page != null && page.seq().equals(seq)) ? page
				: new Page(seq, shared(this.updates.page(channel, null, size).collectList())))
			.read();
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

	private record Page(OptionalLong seq, Mono<List<Update>> updates) {

		Mono<Versioned> read() {
			return this.updates.map(list -> new Versioned(this.seq, list));
		}

	}

}
