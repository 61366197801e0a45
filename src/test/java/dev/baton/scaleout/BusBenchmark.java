package dev.baton.scaleout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.baton.support.BatonClient;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Instance;
import dev.baton.support.SseSubscriber;
import dev.baton.support.TestDatabase;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many posts per second one PostgreSQL sustains through the whole path with two instances,
 * and what limits it. Not part of {@code mvn verify}; run it with
 * {@code mvn verify -Dsurefire.skip=true -Dit.test=BusBenchmark}.
 */
class BusBenchmark extends IntegrationTest {

	private static final Duration RUN = Duration.ofSeconds(10);

	private static final int WRITERS = 16;

	@Autowired
	private TransactionalOperator transactions;

	@Test
	void postsPerSecondThroughTwoInstances() throws Exception {
		String channel = newChannel();
		try (Instance second = Instance.start(TestDatabase.settings(), ADMIN_PASSWORD)) {
			List<BatonClient> instances = List.of(client(), second.client("admin", ADMIN_PASSWORD));
			try (SseSubscriber onA = instances.get(0).sse("/api/updates/stream?channels=" + channel, null);
					WsSubscriber onB = instances.get(1).ws("/ws/updates?channels=" + channel)) {
				AtomicLong committed = new AtomicLong();
				long elapsed = run(writer -> {
					if (instances.get(writer % 2).post(channel, "benchmark", "x").status() == 201) {
						committed.incrementAndGet();
					}
				});
				int total = Math.toIntExact(committed.get());
				long started = System.nanoTime();
				onA.events().await(total, Duration.ofSeconds(60));
				onB.events().await(total, Duration.ofSeconds(60));
				System.out.printf("[benchmark] HTTP through two instances, %d writers: %d posts in %.1f s = %.0f posts/s; "
						+ "both subscribers had all of them %.0f ms after the last write%n", WRITERS, total, elapsed / 1e9,
						total / (elapsed / 1e9), (System.nanoTime() - started) / 1e6);
			}
		}
	}

	@Test
	void whatLimitsTheWritePath() throws Exception {
		String channel = newChannel();
		// a scratch copy of the log, so that the benchmark leaves the real one alone
		this.db.sql("CREATE TABLE benchmark_events (LIKE update_events INCLUDING ALL)").then().block();
		this.db.sql("CREATE SEQUENCE benchmark_seq START 1000000000").then().block();
		for (String variant : List.of("lock + insert + NOTIFY (the write path)", "lock + insert, no NOTIFY",
				"insert only, no lock, no NOTIFY")) {
			AtomicLong committed = new AtomicLong();
			long elapsed = run(writer -> {
				write(variant, channel).as(this.transactions::transactional).block();
				committed.incrementAndGet();
			});
			System.out.printf("[benchmark] SQL only, %d writers, %s: %.0f transactions/s%n", WRITERS, variant,
					committed.get() / (elapsed / 1e9));
		}
		this.db.sql("DROP TABLE benchmark_events").then().block();
		this.db.sql("DROP SEQUENCE benchmark_seq").then().block();
	}

	private Mono<Void> write(String variant, String channel) {
		DatabaseClient db = this.db;
		Mono<Void> lock = variant.startsWith("lock") ? db.sql("SELECT pg_advisory_xact_lock(1650553888622)").then()
				: Mono.empty();
		String notify = variant.contains("+ NOTIFY") ? ", pg_notify('benchmark', ev.seq::text)" : "";
		String seq = variant.startsWith("lock") ? "coalesce(max(seq), 0) + 1" : "nextval('benchmark_seq')";
		String from = seq.startsWith("nextval") ? "" : " FROM benchmark_events";
		return lock.then(db.sql("WITH ev AS (INSERT INTO benchmark_events (seq, update_id, channel, action, actor, at) SELECT "
				+ seq + ", 0, :channel, 'created', 'benchmark', clock_timestamp()" + from + " RETURNING seq) SELECT ev.seq"
				+ notify + " FROM ev")
			.bind("channel", channel)
			.then());
	}

	/** Runs {@link #WRITERS} writers for {@link #RUN}; returns the nanoseconds it took. */
	private static long run(Writer writer) throws InterruptedException {
		ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
		long started = System.nanoTime();
		long deadline = started + RUN.toNanos();
		List<Runnable> tasks = new ArrayList<>();
		for (int i = 0; i < WRITERS; i++) {
			int id = i;
			tasks.add(() -> {
				while (System.nanoTime() < deadline) {
					writer.write(id);
				}
			});
		}
		tasks.forEach(pool::submit);
		pool.shutdown();
		assertThat(pool.awaitTermination(RUN.toSeconds() + 60, TimeUnit.SECONDS)).isTrue();
		return System.nanoTime() - started;
	}

	@FunctionalInterface
	private interface Writer {

		void write(int writer);

	}

}
