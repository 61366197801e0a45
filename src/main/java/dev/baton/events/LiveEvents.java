package dev.baton.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The live events, fanned out per event loop: the relay hands each event once to every event
 * loop that has subscribed, and each loop passes it on to its own subscribers, whose sockets it
 * writes. Fanned out from the relay's thread instead, that one thread would run every
 * subscriber's delivery in turn and then wake the subscriber's loop to write, once per
 * subscriber and event. A subscriber that does not subscribe from an event loop gets the events
 * on the publishing thread.
 */
final class LiveEvents {

	// Best effort: emitting never waits for a subscriber (each buffers on its own), and a sink
	// keeps accepting new subscribers after the last one has gone.
	private final Sinks.Many<UpdateEvent> direct = newSink();

	// one per event loop, for as long as the instance runs: there are a few, fixed at start-up
	private final Map<EventExecutor, Sinks.Many<UpdateEvent>> loops = new ConcurrentHashMap<>();

	/**
	 * The events published from now on, delivered on the calling thread's event loop when it
	 * runs on one. Events published before the call and not yet delivered to that loop may
	 * arrive too.
	 */
	Flux<UpdateEvent> here() {
		// Netty's own record of the loop a thread runs; null on other threads
		EventExecutor loop = ThreadExecutorMap.currentExecutor();
		return ((loop != null) ? this.loops.computeIfAbsent(loop, key -> newSink()) : this.direct).asFlux();
	}

	/** Called from one thread at a time, in seq order: each loop runs its tasks in order. */
	void publish(UpdateEvent event) {
		this.direct.emitNext(event, Sinks.EmitFailureHandler.FAIL_FAST);
		this.loops.forEach((loop, sink) -> {
			try {
				loop.execute(() -> sink.emitNext(event, Sinks.EmitFailureHandler.FAIL_FAST));
			}
			catch (RejectedExecutionException ex) {
				// the loop is shutting down, and its connections with it
			}
		});
	}

	private static Sinks.Many<UpdateEvent> newSink() {
		return Sinks.many().multicast().directBestEffort();
	}

}
