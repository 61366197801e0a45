package dev.baton.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import reactor.core.publisher.Mono;

/**
 * Makes posts at a steady rate and tells every generator, for each, when it was sent and when it
 * was committed (its POST answered). A post's time is taken just before its request is sent.
 * Baton's posts go out on schedule without waiting for each other (their seq orders them); a
 * peer's go one at a time, since the order they are sent in is the only order it has.
 */
final class Posts {

	private final AtomicLong fingerprint = new AtomicLong();

	private final AtomicInteger made = new AtomicInteger();

	private final AtomicInteger failed = new AtomicInteger();

	private final AtomicLong newest = new AtomicLong();

	private int total;

	private double seconds;

	/**
	 * Makes {@code count} posts at {@code rate} per second, numbered from {@code first}, and waits
	 * for every answer.
	 */
	Posts make(Target target, Shards shards, int first, int count, double rate) throws InterruptedException {
		CountDownLatch answered = new CountDownLatch(count);
		AtomicLongArray ids = new AtomicLongArray(count);
		long interval = (long) (1e9 / rate);
		long started = System.nanoTime();
		for (int k = 0; k < count; k++) {
			LockSupport.parkNanos(started + k * interval - System.nanoTime());
			Mono<Void> post = post(target, shards, first + k, answered);
			if (target.sequentialPosts()) {
				post.block(Duration.ofSeconds(35));
			}
			else {
				post.subscribe();
			}
		}
		answered.await(60, TimeUnit.SECONDS);
		this.seconds = (System.nanoTime() - started) / 1e9;
		this.total = count;
		return this;
	}

	private Mono<Void> post(Target target, Shards shards, int index, CountDownLatch answered) {
		return Mono.defer(() -> {
			long sent = System.nanoTime();
			return target.publish(index).timeout(Duration.ofSeconds(30)).doOnNext((id) -> {
				shards.send("sent " + id + " " + sent + " " + System.nanoTime());
				this.fingerprint.addAndGet(Wire.mix(id));
				this.newest.accumulateAndGet(id, Math::max);
				this.made.incrementAndGet();
			});
		}).doOnError((ex) -> {
			System.err.println("a post failed: " + ex);
			this.failed.incrementAndGet();
		}).onErrorResume((ex) -> Mono.empty()).doFinally((signal) -> answered.countDown()).then();
	}

	int made() {
		return this.made.get();
	}

	int failed() {
		return this.failed.get();
	}

	long fingerprint() {
		return this.fingerprint.get();
	}

	long newest() {
		return this.newest.get();
	}

	/** Posts per second actually achieved by the last call to {@link #make}, until its last answer. */
	double rate() {
		return (this.seconds > 0) ? this.total / this.seconds : 0;
	}

}
