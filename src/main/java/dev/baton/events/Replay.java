package dev.baton.events;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import reactor.core.publisher.Flux;

/**
 * What a subscriber missed before it subscribed: the events after its resume point, from the
 * newest events kept in memory ({@code baton.stream.replay-window} per channel) when they cover it, else from
 * the log; one {@link Resync} when the log no longer covers it either.
 */
final class Replay {

	private final EventLog log;

	private final RecentEvents recent;

	// what the log keeps: the recent events replay no more than that either
	private final Duration retention;

	private final Counter resyncs;

	Replay(EventLog log, int window, Duration retention, Counter resyncs) {
		this.log = log;
		this.recent = new RecentEvents(window);
		this.retention = retention;
		this.resyncs = resyncs;
	}

	/** Keeps {@code event}, the next published, for replays. */
	void remember(LoggedEvent event) {
		this.recent.add(event);
	}

	/** The events after {@code seq} that {@code selection} wants, or a resync. */
	Flux<StreamEvent> after(long seq, Selection selection) {
		return this.recent.after(seq, selection, Instant.now().minus(this.retention))
			.map(Flux::<StreamEvent>fromIterable)
			.orElseGet(() -> this.log.bounds()
				.flatMapMany(bounds -> bounds.canResumeAfter(seq) ? this.log.<StreamEvent>after(seq, selection)
						: Flux.just(resync(bounds.last()))));
	}

	/** A resync to {@code seq}, counted. */
	Resync resync(long seq) {
		this.resyncs.increment();
		return new Resync(seq);
	}

}
