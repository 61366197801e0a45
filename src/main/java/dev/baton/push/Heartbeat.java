package dev.baton.push;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.baton.events.PerExecutor;

/**
 * One timer for the keep-alives of every stream: each tick of {@code baton.stream.heartbeat}
 * reaches every open stream, on the event loop that writes it, instead of every stream keeping a
 * timer of its own.
 */
@Component
final class Heartbeat {

	private final PerExecutor<Long> ticks;

	@Autowired
	Heartbeat(TransportProperties properties) {
		this(properties.heartbeat());
	}

	Heartbeat(Duration every) {
		this.ticks = new PerExecutor<>(() -> Flux.interval(every, every).onBackpressureDrop());
	}

	/**
	 * The shared ticks, on {@code deliverOn}; a subscriber that is not reading misses them rather
	 * than queueing them, so it never holds the others back nor gets a backlog of beats.
	 */
	Flux<Long> ticks(Executor deliverOn) {
		return Flux.push(sink -> {
			Runnable leave = this.ticks.join(deliverOn, sink::next);
			sink.onDispose(leave::run);
		}, FluxSink.OverflowStrategy.DROP);
	}

	/** Interleaves a beat at every tick with {@code messages}, for as long as they last. */
	<T> Flux<T> around(Flux<T> messages, Supplier<T> beat, Executor deliverOn) {
		return Alongside.of(messages, ticks(deliverOn).map(tick -> beat.get()));
	}

}
