package dev.baton.bench;

import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * The design Baton replaces, beside Baton: first N clients fetch the feed fragment every second
 * while posts are made; then N subscribers hold streams while the same posts are made. Both
 * measure staleness the same way: from a post's commit (its POST answered) until the client has it.
 */
final class Polling {

	private static final long INTERVAL_MILLIS = 1000;

	private Polling() {
	}

	static List<Result> run(Settings settings, Scenario scenario, BatonTarget target, Runner runner) throws Exception {
		System.out.printf("%n== %s: %s, %.3f posts/s for %d s%n", scenario.name(), scenario.description(),
				scenario.rate(), scenario.durationSeconds());
		target.prepare(scenario);
		try {
			Result polling = poll(settings, scenario, target, runner);
			Result streams = stream(settings, scenario, target, runner);
			return List.of(streams, polling);
		}
		finally {
			target.finish();
		}
	}

	private static Result poll(Settings settings, Scenario scenario, BatonTarget target, Runner runner)
			throws Exception {
		Result result = new Result(scenario.name(), "polling");
		try (Shards shards = Shards.start(settings, target, scenario)) {
			shards.send("login " + Runner.PAGE_SESSIONS);
			shards.expect("loggedin", 120, null);
			shards.send("baseline");
			shards.expect("baselined", 300, null);
			shards.send("poll " + INTERVAL_MILLIS);
			shards.expect("polling", 60, null);
			Thread.sleep(2 * INTERVAL_MILLIS);
			shards.send("unpoll");
			Map<String, Double> warmup = Shards.sum(shards.expect("unpolled", 60, null));
			shards.send("poll " + INTERVAL_MILLIS);
			shards.expect("polling", 60, null);
			Meter meter = Meter.start(target, shards, runner);
			long started = System.nanoTime();
			Posts posts = postOverDuration(scenario, target, shards, started);
			double minutes = (System.nanoTime() - started) / 60e9;
			shards.send("unpoll");
			Map<String, Double> done = Shards.sum(shards.expect("unpolled", 60, null));
			ServerFigures cost = meter.stop(result);
			Histogram staleness = shards.histogram("hist", 60);
			result.put("clients", scenario.subscribers()).put("posts", posts.made());
			result.put("requests/min", Math.round((done.get("requests") - warmup.get("requests")) / minutes));
			result.put("body bytes/min", Math.round((done.get("bytes") - warmup.get("bytes")) / minutes));
			result.put("failed requests", Math.round(done.get("failures") - warmup.get("failures")));
			result.put("polls skipped (previous one still running)", Math.round(done.get("late") - warmup.get("late")));
			long expected = (long) scenario.subscribers() * posts.made();
			result.put("posts × clients seen", staleness.getTotalCount() + " of " + expected);
			if (staleness.getTotalCount() < expected) {
				result.put("posts × clients not seen by the end (too slow to poll)", expected - staleness.getTotalCount());
			}
			result.put("server CPU s/min", Runner.round(cost.cpuSeconds() / minutes));
			return result.withLatency(staleness);
		}
	}

	private static Result stream(Settings settings, Scenario scenario, BatonTarget target, Runner runner)
			throws Exception {
		Result result = new Result(scenario.name(), "baton");
		try (Shards shards = Shards.start(settings, target, scenario)) {
			shards.send("staleness");
			runner.connect(scenario, shards, "all", result);
			Thread.sleep(1000);
			Meter meter = Meter.start(target, shards, runner);
			long started = System.nanoTime();
			Posts posts = postOverDuration(scenario, target, shards, started);
			double minutes = (System.nanoTime() - started) / 60e9;
			Runner.Report report = runner.deliver(shards, posts, result);
			ServerFigures cost = meter.stop(result);
			result.put("requests/min", 0);
			result.put("stream bytes/min", Math.round(report.sums().get("streamBytes") / minutes));
			result.put("server CPU s/min", Runner.round(cost.cpuSeconds() / minutes));
			return result.withLatency(report.latency());
		}
	}

	// posts spread over the duration, then the rest of the duration, so the last post is seen
	private static Posts postOverDuration(Scenario scenario, Target target, Shards shards, long started)
			throws InterruptedException {
		Posts posts = new Posts().make(target, shards, 0, scenario.postsOverDuration(), scenario.rate());
		long left = started + scenario.durationSeconds() * 1_000_000_000L + 2 * INTERVAL_MILLIS * 1_000_000
				- System.nanoTime();
		Thread.sleep(Math.max(0, left / 1_000_000));
		return posts;
	}

}
