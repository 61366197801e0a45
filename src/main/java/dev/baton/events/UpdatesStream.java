package dev.baton.events;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one stream of committed changes that every transport reads. Events enter only through
 * {@link EventRelay}; each subscriber reads them through its own bounded buffer, so a slow one
 * never holds up the others, after what it missed before it subscribed ({@link Replay}).
 */
@Component
public class UpdatesStream implements SmartLifecycle {

	/** Delivers the live events on the thread that publishes them. */
	public static final Executor AS_PUBLISHED = Runnable::run;

	// Best effort: emitting never waits for a subscriber, and the sink keeps accepting new
	// subscribers after the last one has gone. Each subscriber buffers on its own (see offer()).
	private static final int BUFFER_LINK = 16;

	private final Sinks.Many<LoggedEvent> sink = Sinks.many().multicast().directBestEffort();

	// One subscriber of the sink for each thread that streams are delivered on (the event loops of
	// their connections): an event crosses to each such thread once, and is offered there to the
	// buffer of each of its streams, instead of once for every stream from the relay's thread.
	private final PerExecutor<LoggedEvent> outlets = new PerExecutor<>(this.sink::asFlux);

	private final int subscriberBuffer;

	private final Replay replay;

	private final Counter overflows;

	// what ends each open stream when the instance stops (clients resume on another instance); one
	// each, so that a stream comes and goes in constant time
	private final Set<Sinks.Empty<Void>> closings = ConcurrentHashMap.newKeySet();

	private volatile long lastPublished = -1;

	// completes once the relay has handed over where the log ends (lastPublished is then set):
	// from then on every event after lastPublished reaches the sink
	private final Sinks.Empty<Void> handOver = Sinks.empty();

	// how long a reader waits for that at start-up before it is refused
	private final Duration handOverWait;

	private volatile boolean running;

	// from when the instance stops until it starts again, streams end as soon as they begin
	private volatile boolean stopped;

	UpdatesStream(EventLog log, StreamProperties properties, RetentionProperties retention, RelayProperties relay,
			MeterRegistry meters) {
		this.handOverWait = relay.probeInterval();
		this.subscriberBuffer = properties.subscriberBuffer();
		this.replay = new Replay(log, properties.replayWindow(), retention.retention(),
				meters.counter("baton.stream.resyncs"));
		this.overflows = meters.counter("baton.stream.overflows");
		// the subscribers are those the outlets deliver to, counted where they are kept
		Gauge.builder("baton.stream.subscribers", this.outlets, PerExecutor::size).register(meters);
	}

	/**
	 * Subscribes to the events {@code selection} wants. With a resume point,
	 * first replays every logged event after it, then continues live with no gap and no
	 * duplicate; seq strictly increases. A resume point the log no longer covers, or a
	 * subscriber that falls {@code baton.stream.subscriber-buffer} events behind, gets one
	 * {@link Resync}; after an overflow the stream ends with a {@link FellBehindException}. It
	 * completes, without a resync, when the instance shuts down. A stream that must miss nothing
	 * subscribes once {@link #resumePoint()} has answered: before the relay's hand-over at
	 * start-up, events committed since the log was last read are neither replayed nor sent live.
	 * @param selection the events to receive
	 * @param resumeAfter the last seq the subscriber has seen, if any
	 * @param deliverOn where the live events are offered to this subscriber's buffer, and so where
	 * it reads them unless it waits for them: the event loop of its connection, or
	 * {@link #AS_PUBLISHED}; one of few, long-lived executors
	 * @return an infinite stream of events, ending only with a {@link FellBehindException} after an
	 * overflow, or by completing at shutdown
	 */
	public Flux<StreamEvent> subscribe(Selection selection, OptionalLong resumeAfter, Executor deliverOn) {
		return Flux.defer(() -> {
			// grows in small links up to the bound that offer() keeps, instead of holding an array
			// for the whole bound from the start
			Sinks.Many<StreamEvent> buffer = Sinks.many()
				.unicast()
				.onBackpressureBuffer(Queues.<StreamEvent>unbounded(BUFFER_LINK).get());
			Sinks.Empty<Void> closing = Sinks.empty();
			this.closings.add(closing);
			if (this.stopped) {
				closing.tryEmitEmpty();
			}
			// Subscribed to the shared sink before the replay is read, so that whatever the replay
			// misses arrives live; held in this subscriber's bounded buffer until it is read.
			Runnable leave = this.outlets.join(deliverOn, event -> {
				if (selection.wants(event)) {
					offer(buffer, event);
				}
			});
			return Flux.concat(replay(selection, resumeAfter), buffer.asFlux())
				.onErrorResume(Exceptions::isOverflow, overflow -> Flux.concat(
						Mono.fromSupplier(() -> this.replay.resync(this.lastPublished)), Mono.error(FellBehindException::new)))
				.filter(new Ascending(resumeAfter.orElse(-1)))
				.takeUntilOther(closing.asMono())
				.doFinally(signal -> {
					leave.run();
					this.closings.remove(closing);
				});
		});
	}

	/**
	 * Every event as it enters the stream, live only, for the instance's own work: on the relay's
	 * thread, to be handled at once; not counted as a subscriber.
	 */
	public Flux<LoggedEvent> published() {
		return this.sink.asFlux();
	}

	@Override
	public void start() {
		this.stopped = false;
		this.running = true;
	}

	/** Ends every stream, before the web server's graceful shutdown waits for open requests. */
	@Override
	public void stop() {
		// a stream that subscribes meanwhile sees that it stopped
		this.stopped = true;
		this.running = false;
		this.closings.forEach(Sinks.Empty::tryEmitEmpty);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	/**
	 * The seq of the newest event that entered the stream, or where the log ended when the relay
	 * handed over at start-up; empty before that. The relay goes on from it.
	 */
	public OptionalLong lastPublished() {
		long seq = this.lastPublished;
		return (seq < 0) ? OptionalLong.empty() : OptionalLong.of(seq);
	}

	/**
	 * Where a reader resumes so that it misses nothing committed after this call: the newest
	 * published seq. A stream takes it when its request is accepted, before the client can see
	 * any response, and a page before it loads the current state. Until the relay has handed over
	 * at start-up this waits for it, at most {@code baton.relay.probe-interval}, then fails with a
	 * {@link java.util.concurrent.TimeoutException}.
	 */
	public Mono<Long> resumePoint() {
		Mono<Long> published = Mono.fromSupplier(() -> this.lastPublished);
		// the timer only while the relay starts: afterwards every stream handshake asks
		return (this.lastPublished >= 0) ? published
				: this.handOver.asMono().timeout(this.handOverWait).then(published);
	}

	/**
	 * Keeps an event committed before the relay started, for replays only: at start-up the relay
	 * hands over the newest events of the log, oldest first, then {@link #handedOver(long)}.
	 */
	void remember(LoggedEvent event) {
		this.replay.remember(event);
	}

	/**
	 * The relay has read the log up to {@code last} at start-up and publishes every event after it.
	 */
	void handedOver(long last) {
		this.lastPublished = last;
		this.handOver.tryEmitEmpty();
	}

	/** Called by the relay only, one event at a time in seq order. */
	void publish(LoggedEvent event) {
		this.replay.remember(event);
		this.lastPublished = event.seq();
		// Only the relay emits and it is serialised, so a failure here is a bug, not a race.
		this.sink.emitNext(event, Sinks.EmitFailureHandler.FAIL_FAST);
	}

	// A full buffer ends the subscription with an overflow, which becomes a resync once the
	// subscriber has read what is buffered; later events are ignored.
	private void offer(Sinks.Many<StreamEvent> buffer, LoggedEvent event) {
		Integer buffered = buffer.scan(Scannable.Attr.BUFFERED);
		if (buffered != null && buffered >= this.subscriberBuffer) {
			if (buffer.tryEmitError(Exceptions.failWithOverflow()).isSuccess()) {
				this.overflows.increment();
			}
			return;
		}
		buffer.tryEmitNext(event);
	}

	private Flux<StreamEvent> replay(Selection selection, OptionalLong resumeAfter) {
		if (resumeAfter.isEmpty() || resumeAfter.getAsLong() == this.lastPublished) {
			// the usual case for a stream taken without a resume point: what follows comes live
			return Flux.empty();
		}
		return this.replay.after(resumeAfter.getAsLong(), selection);
	}

	/**
	 * Drops what replay and live both delivered, and what the subscriber had seen before it
	 * resumed, keeping seq strictly increasing. A resync always passes: it starts over from its seq.
	 */
	private static final class Ascending implements Predicate<StreamEvent> {

		private long last;

		Ascending(long resumedAfter) {
			this.last = resumedAfter;
		}

		@Override
		public boolean test(StreamEvent event) {
			if (event instanceof LoggedEvent && event.seq() <= this.last) {
				return false;
			}
			this.last = event.seq();
			return true;
		}

	}

}
