package dev.baton.presence;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import dev.baton.events.PerExecutor;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.stereotype.Component;

/**
 * Where signals meet the streams that asked for them, as the log's events meet theirs in
 * {@code UpdatesStream}: each signal crosses once to each event loop and is offered there to the
 * streams it concerns. A stream that does not read its signals loses the oldest beyond
 * {@link #BUFFER}: each one tells the state of its channel, so the next one puts it right.
 */
@Component
public class Signals {

	/** How many signals wait for a stream that is not reading, at most. */
	static final int BUFFER = 32;

	private final Sinks.Many<Signal> sink = Sinks.many().multicast().directBestEffort();

	private final PerExecutor<Signal> outlets = new PerExecutor<>(this.sink::asFlux);

	// the newest presence of each watched scope, which a stream that starts to watch it gets first
	private final Map<String, Signal> presence = new ConcurrentHashMap<>();

	// how many streams watch each presence scope: only those are read
	private final Map<String, Integer> watched = new ConcurrentHashMap<>();

	/** The signals {@code interest} asks for, from now on, delivered on {@code deliverOn}. */
	public Flux<Signal> subscribe(Interest interest, Executor deliverOn) {
		if (interest.kinds().isEmpty()) {
			return Flux.empty();
		}
		return Flux.<Signal>create(sink -> {
			List<String> scopes = interest.presenceScopes();
			scopes.forEach(this::watch);
			scopes.stream().map(this.presence::get).filter(Objects::nonNull).filter(interest::wants).forEach(sink::next);
			Runnable leave = this.outlets.join(deliverOn, signal -> {
				if (interest.wants(signal)) {
					sink.next(signal);
				}
			});
			sink.onDispose(() -> {
				leave.run();
				scopes.forEach(this::unwatch);
			});
		}).onBackpressureBuffer(BUFFER, dropped -> {
		}, BufferOverflowStrategy.DROP_OLDEST);
	}

	/** The presence scopes some stream of this instance watches. */
	Set<String> watched() {
		return Set.copyOf(this.watched.keySet());
	}

	/** Whether the newest presence of {@code scope} is known here. */
	boolean known(String scope) {
		return this.presence.containsKey(scope);
	}

	/** The newest presence of {@code scope}, sent to its watchers. */
	void presence(String scope, Signal signal) {
		if (this.watched.containsKey(scope)) {
			this.presence.put(scope, signal);
		}
		emit(signal);
	}

	// one signal at a time into the sink, from whichever thread made it
	synchronized void emit(Signal signal) {
		this.sink.tryEmitNext(signal);
	}

	private void watch(String scope) {
		this.watched.merge(scope, 1, Integer::sum);
	}

	// a scope no stream watches is forgotten, and read afresh when one watches it again
	private void unwatch(String scope) {
		this.watched.computeIfPresent(scope, (key, count) -> {
			if (count > 1) {
				return count - 1;
			}
			this.presence.remove(scope);
			return null;
		});
	}

}
