package dev.baton.push;

import java.time.Duration;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * One timer for the keep-alives of every stream: each tick of {@code baton.stream.heartbeat}
 * reaches every open stream, instead of every stream keeping a timer of its own.
 */
@Component
final class Heartbeat {

	private final Flux<Long> ticks;

	@Autowired
	Heartbeat(TransportProperties properties) {
		this(properties.heartbeat());
	}

	Heartbeat(Duration every) {
		this.ticks = Flux.interval(every, every).onBackpressureDrop().share();
	}

	/**
	 * The shared ticks; a subscriber that is not reading misses them rather than queueing them,
	 * so it never holds the others back nor gets a backlog of beats.
	 */
	Flux<Long> ticks() {
		return this.ticks.onBackpressureDrop();
	}

	/** Interleaves a beat at every tick with {@code messages}, for as long as they last. */
	<T> Flux<T> around(Flux<T> messages, Supplier<T> beat) {
		return Alongside.of(messages, ticks().map(tick -> beat.get()));
	}

}
