package dev.baton.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Whether the relay's LISTEN connection is up, and if not, since when: what the {@code relay}
 * health component reports. It counts as down from start-up until the relay has listened and
 * read the log once: events committed before that read are only kept for replays.
 */
@Component
class ListenConnectionState {

	private final Clock clock;

	// null while the connection listens
	private volatile Instant downSince;

	ListenConnectionState() {
		this(Clock.systemUTC());
	}

	ListenConnectionState(Clock clock) {
		this.clock = clock;
		this.downSince = clock.instant();
	}

	void listening() {
		this.downSince = null;
	}

	void lost() {
		if (this.downSince == null) {
			this.downSince = this.clock.instant();
		}
	}

	/** How long the connection has been down, or empty while it listens. */
	Optional<Duration> downFor() {
		Instant since = this.downSince;
		return Optional.ofNullable(since).map(start -> Duration.between(start, this.clock.instant()));
	}

}
