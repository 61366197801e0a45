package dev.baton.push;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Signal;

/** Merges what goes out beside a stream of messages (beats, answers) for as long as it lasts. */
final class Alongside {

	private static final int PREFETCH = 8;

	private Alongside() {
	}

	/**
	 * {@code extras} merged into {@code main}; the end of {@code main}, or its error, ends them.
	 */
	@SafeVarargs
	static <T> Flux<T> of(Flux<T> main, Publisher<T>... extras) {
		// materialized, main's end is an item of the merge: ending it, it ends the extras too
		return Flux.merge(PREFETCH, main.materialize(), Flux.merge(PREFETCH, extras).map(Signal::next))
			.<T>dematerialize();
	}

}
