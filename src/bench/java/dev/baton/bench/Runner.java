package dev.baton.bench;

import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * Runs one scenario against one target: starts the generators, connects, posts, checks every
 * delivery and reads what the server cost. Each kind of scenario is one method.
 */
final class Runner {

	private static final long AWAIT_MILLIS = 60_000;

	/** Sessions each generator signs in and shares among its page clients. */
	static final int PAGE_SESSIONS = 4;

	private static final int MIN_WARM_UP_POSTS = 10;

	static final int WARM_UP_SECONDS = 5;

	static final double QUIET_COMPILER = 0.1;

	static final int MAX_WARM_UP_SECONDS = 60;

	private final Settings settings;

	Runner(Settings settings) {
		this.settings = settings;
	}

	Result run(Scenario scenario, Target target) throws Exception {
		System.out.printf("%n== %s on %s: %s%n", scenario.name(), target.name(), scenario.description());
		target.prepare(scenario);
		try (Shards shards = Shards.start(this.settings, target, scenario)) {
			Result result = new Result(scenario.name(), target.name());
			return switch (scenario.kind()) {
				case FANOUT -> fanout(scenario, target, shards, result);
				case IDLE -> idle(scenario, target, shards, result);
				case KNEE -> Knee.run(scenario, target, shards, result, this);
				case STORM -> storm(scenario, target, shards, result);
				case HERD -> herd(scenario, target, shards, result);
				case PAGES -> throw new IllegalStateException("pages given HTML run through Herd");
				case POLLING -> throw new IllegalStateException("polling runs through Polling");
				case PUBLISH_THROUGHPUT, PUBLISH_FANOUT -> throw new IllegalStateException("module events run through PublishThroughput and PublishFanout");
				case PRESENCE_CHURN, PRESENCE_CHURN_OFF, TYPING -> throw new IllegalStateException("presence and typing run through PresenceChurn and Typing");
			};
		}
		finally {
			target.finish();
		}
	}

	/** Connects, warms up, makes the scenario's posts and checks them; returns {@code result} with the latencies. */
	Result fanout(Scenario scenario, Target target, Shards shards, Result result) throws Exception {
		long live = connect(scenario, shards, "all", result) - stalled(scenario);
		// a fresh scenario's posts meet the server as a deploy's first ones do: still compiling
		Posts posts = scenario.fresh() ? new Posts() : warmUp(scenario, target, shards, result);
		Meter meter = Meter.start(target, shards, this);
		long started = System.nanoTime();
		posts.make(target, shards, posts.made(), scenario.posts(), scenario.rate());
		Report report = deliver(shards, posts, result);
		double seconds = (System.nanoTime() - started) / 1e9;
		result.put("posts/s made", round(posts.rate()));
		result.put("deliveries/s", Math.round(scenario.posts() * live / seconds));
		meter.stop(result);
		return result.withLatency(report.latency());
	}

	private Result idle(Scenario scenario, Target target, Shards shards, Result result) throws Exception {
		double heap = target.liveHeapKiB();
		double rss = target.figures().rssMiB();
		long started = System.nanoTime();
		long ws = connect(scenario, shards, "ws", result);
		double wsSeconds = (System.nanoTime() - started) / 1e9;
		double heapWs = target.liveHeapKiB();
		started = System.nanoTime();
		long sse = connect(scenario, shards, "sse", result);
		double seconds = wsSeconds + (System.nanoTime() - started) / 1e9;
		result.put("requested", scenario.subscribers()).put("connect s", round(seconds))
			.put("connects/s", Math.round((ws + sse) / seconds));
		double heapSse = target.liveHeapKiB();
		double rssAll = target.figures().rssMiB();
		if (heap >= 0) {
			result.put("live heap KiB/subscriber (WebSocket)", round((heapWs - heap) / Math.max(1, ws)));
			result.put("live heap KiB/subscriber (SSE)", round((heapSse - heapWs) / Math.max(1, sse)));
			result.put("live heap MiB with all open", round(heapSse / 1024));
		}
		result.put("RSS KiB/subscriber", round((rssAll - rss) * 1024 / Math.max(1, ws + sse)));
		Meter meter = Meter.start(target, shards, this);
		System.out.printf("  holding %,d subscribers for %d s%n", ws + sse, scenario.durationSeconds());
		Thread.sleep(scenario.durationSeconds() * 1000L);
		deliver(shards, new Posts(), result);
		meter.stop(result);
		return result;
	}

	private Result storm(Scenario scenario, Target target, Shards shards, Result result) throws Exception {
		connect(scenario, shards, "all", result);
		Posts posts = new Posts().make(target, shards, 0, scenario.posts() / 2, scenario.rate());
		await(shards, posts.made(), AWAIT_MILLIS);
		shards.send("record off");
		shards.send("reconnect on");
		// An untimed storm first: the instance that takes a storm has been serving connections
		// for a while, and a fresh JVM's first handshakes run while its JIT compiles them.
		shards.send("cut");
		shards.expect("cut", 60, null);
		long warming = await(shards, posts.made(), 300_000);
		if (warming > 0) {
			result.problem(warming + " subscribers not back after the untimed storm");
		}
		Meter meter = Meter.start(target, shards, this);
		long cut = System.nanoTime();
		shards.send("cut");
		shards.expect("cut", 60, null);
		posts.make(target, shards, posts.made(), scenario.posts() - posts.made(), scenario.rate() * 4);
		long behind = await(shards, posts.made(), 300_000);
		double seconds = (System.nanoTime() - cut) / 1e9;
		Thread.sleep(1500);
		ServerFigures cost = meter.stop(result);
		Map<String, Double> report = report(shards, posts, result).sums();
		result.put("seconds until all back and caught up", (behind == 0) ? round(seconds) : "not all: " + behind + " behind");
		result.put("reconnects", Math.round(report.get("connects")) - 2L * scenario.subscribers());
		result.put("event log reads", cost.logReads());
		return result;
	}

	private Result herd(Scenario scenario, Target target, Shards shards, Result result) throws Exception {
		shards.send("herd");
		shards.send("login " + PAGE_SESSIONS);
		shards.expect("loggedin", 120, null);
		connect(scenario, shards, "all", result);
		shards.send("baseline");
		shards.expect("baselined", 300, null);
		Thread.sleep(1500);
		double quiet = Herd.quietTransactionsPerSecond(target, shards, this);
		Map<String, Double> before = Herd.stream(shards);
		Meter meter = Meter.start(target, shards, this);
		long started = System.nanoTime();
		Posts posts = new Posts().make(target, shards, Herd.MEASURED, scenario.posts(), scenario.rate());
		long unshown = awaitShown(shards, posts.newest(), 60);
		ServerFigures cost = meter.stop(result);
		double background = quiet * (System.nanoTime() - started) / 1e9;
		Herd.perPost(result, cost, background, Herd.stream(shards), before, Herd.MEASURED, posts.made());
		Report delivered = report(shards, posts, result);
		Map<String, Double> report = delivered.sums();
		result.put("pages not showing the last post 60 s after it", unshown);
		result.put("resyncs", Math.round(report.get("resyncs")));
		if (unshown > 0) {
			result.problem(unshown + " pages did not show the last post within 60 s");
		}
		return result.withLatency(delivered.latency());
	}

	/**
	 * Untimed posts before the measured ones, so that a JVM server is measured warm, as a
	 * deployment that has been up for a while is: rounds of {@value #WARM_UP_SECONDS} s of the
	 * scenario's own rate (at least 10 posts) until the server's JIT compiler threads used less than
	 * {@value #QUIET_COMPILER} of a core in the last round, for at most {@value #MAX_WARM_UP_SECONDS}
	 * s. With a single round, fan-out 5k's window still had the compiler at 2.0 of the server's 7.5
	 * CPU s (27 %), and its latency was that of a JVM still compiling. A peer without a JIT stops
	 * after one round. The warm-up posts are checked like the others. Fresh scenarios have none.
	 */
	Posts warmUp(Scenario scenario, Target target, Shards shards, Result result) throws InterruptedException {
		int round = (int) Math.max(MIN_WARM_UP_POSTS, Math.round(WARM_UP_SECONDS * scenario.rate()));
		Posts posts = new Posts();
		long started = System.nanoTime();
		double compiling;
		do {
			ServerFigures before = target.figures();
			long roundStarted = System.nanoTime();
			posts.make(target, shards, posts.made(), round, scenario.rate());
			await(shards, posts.made(), AWAIT_MILLIS);
			double seconds = (System.nanoTime() - roundStarted) / 1e9;
			compiling = target.figures().since(before).compilerCpuSeconds() / seconds;
		}
		while (compiling > QUIET_COMPILER && System.nanoTime() - started < MAX_WARM_UP_SECONDS * 1_000_000_000L);
		shards.histogram("hist", 60);
		result.put("warm-up posts (untimed)", posts.made());
		result.put("warm-up s", round((System.nanoTime() - started) / 1e9));
		return posts;
	}

	private static long stalled(Scenario scenario) {
		return (scenario.stallEvery() > 0) ? scenario.subscribers() / scenario.stallEvery() : 0;
	}

	/** Waits until every page shows {@code newest}, or {@code seconds}; returns how many do not. */
	private static long awaitShown(Shards shards, long newest, int seconds) throws InterruptedException {
		long deadline = System.nanoTime() + seconds * 1_000_000_000L;
		long behind;
		do {
			Thread.sleep(500);
			shards.send("shown " + newest);
			behind = Math.round(Shards.sum(shards.expect("shown", 60, null)).get("behind"));
		}
		while (behind > 0 && System.nanoTime() < deadline);
		return behind;
	}

	/** Opens the subscribers of one transport (ws, sse, all); returns how many are open. */
	long connect(Scenario scenario, Shards shards, String transport, Result result) throws InterruptedException {
		long started = System.nanoTime();
		shards.send("open " + transport);
		long[] last = { 0 };
		List<String> answers = shards.expect("opened", 900, (open, failed) -> {
			if (open / 1000 != last[0] / 1000) {
				System.out.printf("  connecting: %,d open, %,d failed, %.0f/s%n", open, failed,
						open / ((System.nanoTime() - started) / 1e9));
			}
			last[0] = open;
		});
		double seconds = (System.nanoTime() - started) / 1e9;
		long open = answers.stream().mapToLong((a) -> Long.parseLong(a.split(" ")[1])).sum();
		long failed = answers.stream().mapToLong((a) -> Long.parseLong(a.split(" ")[2])).sum();
		System.out.printf("  %s: %,d open, %,d failed in %.1f s (%.0f/s)%n", transport, open, failed, seconds,
				open / seconds);
		if (transport.equals("all")) {
			result.put("requested", scenario.subscribers());
			result.put("connect s", round(seconds));
			result.put("connects/s", Math.round(open / seconds));
		}
		return open;
	}

	/** Waits until every live subscriber has {@code events}; returns how many are still behind. */
	long await(Shards shards, int events, long timeoutMillis) throws InterruptedException {
		shards.send("await " + events + " " + timeoutMillis);
		return shards.expect("awaited", timeoutMillis / 1000 + 60, null)
			.stream()
			.mapToLong((a) -> Long.parseLong(a.split(" ")[1]))
			.sum();
	}

	/** Waits for every post to arrive, then checks every subscriber and takes the latencies. */
	Report deliver(Shards shards, Posts posts, Result result) throws InterruptedException {
		await(shards, posts.made(), AWAIT_MILLIS);
		return report(shards, posts, result);
	}

	Report report(Shards shards, Posts posts, Result result) throws InterruptedException {
		shards.send("report " + posts.made() + " " + posts.fingerprint());
		Map<String, Double> report = Shards.sum(shards.expect("report", 120, null));
		Map<String, Long> failures = HandshakeFailures.sum(shards.expect("failures", 120, null));
		Histogram latency = Shards.merge(shards.expect("hist", 120, null));
		long open = Math.round(report.get("open"));
		long stalled = Math.round(report.get("stalled"));
		long live = open - stalled;
		long expected = (long) posts.made() * live;
		long delivered = Math.round(report.get("delivered"));
		result.put("open", open).put("failed", Math.round(report.get("failed")))
			.put("dropped", Math.round(report.get("dropped")));
		result.put("handshakes failed", failures.values().stream().mapToLong(Long::longValue).sum());
		failures.forEach((reason, count) -> result.put("handshakes failed: " + reason, count));
		if (stalled > 0) {
			result.put("stalled (not reading)", stalled);
		}
		result.put("posts", posts.made()).put("deliveries", delivered).put("expected", expected);
		verify(result, report, posts, delivered, expected, live);
		return new Report(report, latency);
	}

	private static void verify(Result result, Map<String, Double> report, Posts posts, long delivered, long expected,
			long live) {
		if (posts.failed() > 0) {
			result.problem(posts.failed() + " posts failed");
		}
		if (delivered != expected) {
			result.problem("delivered " + delivered + " of " + expected);
		}
		if (report.get("complete") < live) {
			result.problem(Math.round(live - report.get("complete")) + " subscribers without exactly the posts made");
		}
		if (report.get("disorder") > 0) {
			result.problem(Math.round(report.get("disorder")) + " subscribers saw a seq out of order or twice");
		}
		if (report.get("failed") > 0 || report.get("dropped") > 0) {
			result.problem(Math.round(report.get("failed")) + " failed, " + Math.round(report.get("dropped")) + " dropped");
		}
	}

	double generatorCpu(Shards shards) throws InterruptedException {
		shards.send("cpu");
		return shards.expect("cpu", 60, null).stream().mapToDouble((a) -> Double.parseDouble(a.split(" ")[1])).sum();
	}

	static void server(Result result, ServerFigures cost) {
		if (cost.cpuSeconds() < 0) {
			return;
		}
		result.put("server CPU s", round(cost.cpuSeconds()));
		if (cost.compilerCpuSeconds() >= 0) {
			result.put("of which JIT compiler CPU s", round(cost.compilerCpuSeconds()));
		}
		if (cost.databaseCpuSeconds() >= 0) {
			result.put("database CPU s", round(cost.databaseCpuSeconds()));
		}
		result.put("server RSS MiB", Math.round(cost.rssMiB()));
		if (cost.gcPauses() >= 0) {
			result.put("GC pauses", cost.gcPauses());
			result.put("GC pause total ms", round(cost.gcPauseMillis()));
			result.put("GC pause max ms (run)", round(cost.gcMaxPauseMillis()));
		}
		if (cost.transactions() >= 0) {
			result.put("DB transactions", cost.transactions());
		}
	}

	/**
	 * The generators' summed answers and their merged latencies.
	 *
	 * @param sums each figure summed over the generators
	 * @param latency the latencies in microseconds
	 */
	record Report(Map<String, Double> sums, Histogram latency) {
	}

	static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

}
