package dev.baton.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.Disposable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Counts open streams, per user and for the instance, and refuses those over
 * {@code baton.limits.streams-per-user} or {@code baton.limits.connections}.
 */
@Component
public class StreamPermits {

	private final LimitsProperties limits;

	private final ConcurrentHashMap<String, Integer> perUser = new ConcurrentHashMap<>();

	private final AtomicInteger total = new AtomicInteger();

	StreamPermits(LimitsProperties limits) {
		this.limits = limits;
	}

	/**
	 * A permit for a stream of {@code user}, to dispose of when the stream ends.
	 * @throws StreamLimitException when over a limit
	 */
	public Disposable take(String user) {
		if (this.total.incrementAndGet() > this.limits.connections()) {
			this.total.decrementAndGet();
			throw new StreamLimitException(HttpStatus.SERVICE_UNAVAILABLE, 1013,
					"This instance holds its maximum of %d streams; retry later".formatted(this.limits.connections()));
		}
		AtomicBoolean granted = new AtomicBoolean();
		this.perUser.compute(user, (name, open) -> {
			int count = (open != null) ? open : 0;
			if (count >= this.limits.streamsPerUser()) {
				return open;
			}
			granted.set(true);
			return count + 1;
		});
		if (!granted.get()) {
			this.total.decrementAndGet();
			throw new StreamLimitException(HttpStatus.TOO_MANY_REQUESTS, 1008,
					"You already have %d streams open, the most allowed".formatted(this.limits.streamsPerUser()));
		}
		return new Permit(user);
	}

	private final class Permit implements Disposable {

		private final String user;

		private final AtomicBoolean released = new AtomicBoolean();

		Permit(String user) {
			this.user = user;
		}

		@Override
		public void dispose() {
			if (this.released.compareAndSet(false, true)) {
				StreamPermits.this.perUser.computeIfPresent(this.user, (name, open) -> (open > 1) ? open - 1 : null);
				StreamPermits.this.total.decrementAndGet();
			}
		}

	}

}
