package dev.baton.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.baton.problems.Problem;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * How fast one publisher, a user or a service token, publishes events through one instance:
 * {@code baton.limits.publishes-per-second}, in bursts of as many. Kept in memory, so that a
 * publish costs no query for it; a publisher that floods one instance holds up the others' events
 * only that much. Events published through SQL are the database's to limit.
 */
@Component
public class PublishRate {

	// past this many publishers, the buckets start over: each is full again
	private static final int MAX_PUBLISHERS = 10_000;

	private final int perSecond;

	private final LongSupplier nanoTime;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	@Autowired
	PublishRate(LimitsProperties limits) {
		this(limits.publishesPerSecond(), System::nanoTime);
	}

	PublishRate(int perSecond, LongSupplier nanoTime) {
		this.perSecond = perSecond;
		this.nanoTime = nanoTime;
	}

	/** Completes when {@code publisher} may publish one more event now, errors with 429 otherwise. */
	public Mono<Void> acquire(String publisher) {
		if (this.buckets.size() >= MAX_PUBLISHERS && !this.buckets.containsKey(publisher)) {
			this.buckets.clear();
		}
		Bucket bucket = this.buckets.computeIfAbsent(publisher, name -> new Bucket(this.perSecond, this.nanoTime.getAsLong()));
		return bucket.take(this.perSecond, this.nanoTime.getAsLong()) ? Mono.empty()
				: Mono.error(new Problem(HttpStatus.TOO_MANY_REQUESTS,
						"At most %d events per second; retry in 1 s".formatted(this.perSecond)).retryAfter(1));
	}

	/** A token bucket that holds one second's worth of publishes. */
	private static final class Bucket {

		private double tokens;

		private long last;

		Bucket(int perSecond, long now) {
			this.tokens = perSecond;
			this.last = now;
		}

		synchronized boolean take(int perSecond, long now) {
			double elapsed = Math.max(0, now - this.last) / (double) TimeUnit.SECONDS.toNanos(1);
			this.tokens = Math.min(perSecond, this.tokens + elapsed * perSecond);
			this.last = now;
			if (this.tokens < 1) {
				return false;
			}
			this.tokens -= 1;
			return true;
		}

	}

}
