package dev.baton.limits;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import dev.baton.problems.Problem;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** At most {@code baton.limits.posts-per-minute} new updates per user; more get 429 with Retry-After. */
@Component
public class PostingLimits {

	private final LimitsProperties limits;

	// one bucket per user: users are accounts in the database, so this stays small
	private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

	PostingLimits(LimitsProperties limits) {
		this.limits = limits;
	}

	/** Completes when {@code user} may post now, errors with 429 otherwise. */
	public Mono<Void> acquire(String user) {
		return Mono.defer(() -> {
			ConsumptionProbe probe = this.buckets.computeIfAbsent(user, name -> newBucket()).tryConsumeAndReturnRemaining(1);
			return probe.isConsumed() ? Mono.empty() : Mono.error(tooMany(probe.getNanosToWaitForRefill()));
		});
	}

	private Bucket newBucket() {
		int perMinute = this.limits.postsPerMinute();
		return Bucket.builder()
			.addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
			.build();
	}

	private Problem tooMany(long nanosToWait) {
		long seconds = Math.max(1, Duration.ofNanos(nanosToWait).toSeconds() + 1);
		return new Problem(HttpStatus.TOO_MANY_REQUESTS,
				"At most %d posts per minute; retry in %d s".formatted(this.limits.postsPerMinute(), seconds))
			.retryAfter(seconds);
	}

}
