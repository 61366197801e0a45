package dev.baton.push;

import java.time.Duration;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;

/** Interleaves keep-alive signals with a stream of messages, for as long as the stream lasts. */
final class Heartbeat {

	private static final int PREFETCH = 8;

	private Heartbeat() {
	}

	static <T> Flux<T> around(Flux<T> messages, Duration every, Supplier<T> beat) {
		return messages.publish(shared -> Flux.merge(shared,
				Flux.interval(every, every)
					// a peer that is not reading gets no backlog of beats
					.onBackpressureDrop()
					.map(tick -> beat.get())
					.takeUntilOther(shared.then())),
				PREFETCH);
	}

}
