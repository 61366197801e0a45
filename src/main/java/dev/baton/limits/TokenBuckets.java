package dev.baton.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket per key, each holding one second's worth: {@code perSecond} takes per second, in
 * bursts of as many. Kept in memory, at most {@link #MAX_KEYS} of them: the keys are
 * authenticated names, and past that many the buckets start over, each full again.
 */
public final class TokenBuckets {

	static final int MAX_KEYS = 10_000;

	private final int perSecond;

	private final LongSupplier nanoTime;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	public TokenBuckets(int perSecond) {
		this(perSecond, System::nanoTime);
	}

	TokenBuckets(int perSecond, LongSupplier nanoTime) {
		this.perSecond = perSecond;
		this.nanoTime = nanoTime;
	}

	/** The most takes per second, and in a burst. */
	public int perSecond() {
		return this.perSecond;
	}

	/** Takes one from {@code key}'s bucket; false when it is empty. */
	public boolean tryTake(String key) {
		if (this.buckets.size() >= MAX_KEYS && !this.buckets.containsKey(key)) {
			this.buckets.clear();
		}
		Bucket bucket = this.buckets.computeIfAbsent(key, name -> new Bucket(this.perSecond, this.nanoTime.getAsLong()));
		return bucket.take(this.perSecond, this.nanoTime.getAsLong());
	}

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
