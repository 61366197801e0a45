package dev.baton.admin;

import java.time.Duration;
import java.time.Instant;

import dev.baton.events.LoggedEvent;

/** Events counted between two looks: how many, and the longest commit-to-relay time. */
final class Activity {

	private long events;

	private long sinceLastLook;

	private Duration longestLag;

	private Instant lastLook;

	Activity(Instant start) {
		this.lastLook = start;
	}

	synchronized void record(LoggedEvent event, Instant relayed) {
		this.events++;
		this.sinceLastLook++;
		Duration lag = Duration.between(event.at(), relayed);
		if (this.longestLag == null || lag.compareTo(this.longestLag) > 0) {
			this.longestLag = lag;
		}
	}

	/** The figures since the previous look, which this one starts again from. */
	synchronized Look look(Instant now) {
		double seconds = Math.max(Duration.between(this.lastLook, now).toMillis(), 1) / 1000.0;
		Look look = new Look(this.sinceLastLook / seconds, this.events,
				(this.longestLag != null) ? Math.max(this.longestLag.toMillis(), 0) : null);
		this.sinceLastLook = 0;
		this.longestLag = null;
		this.lastLook = now;
		return look;
	}

	record Look(double eventsPerSecond, long events, Long longestLagMillis) {
	}

}
