package dev.baton.bench;

import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * The knee: the same subscribers, the post rate doubling step by step until the 99th percentile
 * passes {@value #P99_LIMIT_MILLIS} ms (or posts stop arriving in time). The knee is the highest
 * delivery rate that still met it.
 */
final class Knee {

	static final double P99_LIMIT_MILLIS = 100;

	private static final int MAX_STEPS = 10;

	private static final double STEP_SECONDS = 3;

	private Knee() {
	}

	static Result run(Scenario scenario, Target target, Shards shards, Result result, Runner runner) throws Exception {
		long live = runner.connect(scenario, shards, "all", result);
		Posts posts = runner.warmUp(scenario, target, shards, result);
		Histogram all = new Histogram(3);
		List<String> steps = new ArrayList<>();
		double knee = 0;
		double rate = scenario.rate();
		for (int step = 0; step < MAX_STEPS; step++) {
			int before = posts.made();
			int count = (int) Math.max(scenario.posts(), rate * STEP_SECONDS);
			long started = System.nanoTime();
			posts.make(target, shards, before, count, rate);
			long behind = runner.await(shards, posts.made(), 60_000);
			double seconds = (System.nanoTime() - started) / 1e9;
			Histogram latency = shards.histogram("hist", 60);
			all.add(latency);
			double perSecond = (posts.made() - before) * (double) live / seconds;
			double p99 = latency.getValueAtPercentile(99) / 1000.0;
			String line = String.format("%.0f posts/s asked, %.0f deliveries/s, p99 %.1f ms%s", rate, perSecond, p99,
					(behind > 0) ? ", " + behind + " subscribers behind" : "");
			System.out.println("  step " + (step + 1) + ": " + line);
			steps.add(line);
			if (behind > 0 || p99 > P99_LIMIT_MILLIS) {
				break;
			}
			knee = perSecond;
			rate *= 2;
		}
		runner.report(shards, posts, result);
		result.put("knee deliveries/s (p99 <= 100 ms)", Math.round(knee));
		result.put("steps", String.join("; ", steps));
		return result.withLatency(all);
	}

}
