package dev.baton.limits;

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

	private final TokenBuckets buckets;

	@Autowired
	PublishRate(LimitsProperties limits) {
		this(limits.publishesPerSecond(), System::nanoTime);
	}

	PublishRate(int perSecond, LongSupplier nanoTime) {
		this.buckets = new TokenBuckets(perSecond, nanoTime);
	}

	/** Completes when {@code publisher} may publish one more event now, errors with 429 otherwise. */
	public Mono<Void> acquire(String publisher) {
		return this.buckets.tryTake(publisher) ? Mono.empty()
				: Mono.error(new Problem(HttpStatus.TOO_MANY_REQUESTS,
						"At most %d events per second; retry in 1 s".formatted(this.buckets.perSecond())).retryAfter(1));
	}

}
