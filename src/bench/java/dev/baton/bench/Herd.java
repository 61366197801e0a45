package dev.baton.bench;

import java.util.List;
import java.util.Map;

/**
 * The page scenarios as the page now works: on one server, first N subscribers on id-only streams
 * (the fan-out the pages are held against), then N pages that ask their stream for each item's
 * HTML and apply it ({@link PushedPages}). Both sign in with the login form as pages do, take the
 * same posts in {@link PostMix}'s sizes at the same rate after a warm-up of their own, and are
 * measured the same way; the pages' latency is from the POST until the item is applied.
 */
final class Herd {

	/** The report's column for the id-only subscribers. */
	static final String ID_ONLY = "id-only fan-out";

	/**
	 * The index of the first measured post: the same posts are measured in every page scenario and
	 * in both groups, whatever number of warm-up posts came before.
	 */
	static final int MEASURED = 1_000_000;

	private static final long AWAIT_MILLIS = 60_000;

	private static final long QUIET_MILLIS = 10_000;

	/** How long pages may take, after every event arrived, until each shows every post. */
	private static final int APPLY_SECONDS = 10;

	private Herd() {
	}

	static List<Result> run(Settings settings, Scenario scenario, BatonTarget target, Runner runner) throws Exception {
		System.out.printf("%n== %s on baton: %s%n", scenario.name(), scenario.description());
		target.prepare(scenario);
		try {
			Result ids = phase(settings, scenario, target, runner, new Result(scenario.name(), ID_ONLY), false);
			Result pages = phase(settings, scenario, target, runner, new Result(scenario.name(), target.name()), true);
			Object fanout = ids.figures().get("p99 ms");
			Object applied = pages.figures().get("p99 ms");
			if (fanout instanceof Double f && applied instanceof Double a && f > 0) {
				pages.put("id-only fan-out p99 ms (same server, same posts)", f);
				pages.put("p99 ÷ id-only fan-out p99", Math.round(a / f * 100) / 100.0);
			}
			return List.of(pages, ids);
		}
		finally {
			target.finish();
		}
	}

	private static Result phase(Settings settings, Scenario scenario, Target target, Runner runner, Result result,
			boolean html) throws Exception {
		System.out.printf("  %s%n", html ? "pages given each item's HTML" : "id-only subscribers");
		try (Shards shards = Shards.start(settings, target, scenario)) {
			if (html) {
				shards.send("html");
			}
			shards.send("login " + Runner.PAGE_SESSIONS);
			shards.expect("loggedin", 120, null);
			runner.connect(scenario, shards, "all", result);
			Posts posts = runner.warmUp(scenario, target, shards, result);
			int warmUp = posts.made();
			double quiet = quietTransactionsPerSecond(target, shards, runner);
			Map<String, Double> before = stream(shards);
			Meter meter = Meter.start(target, shards, runner);
			long started = System.nanoTime();
			posts.make(target, shards, MEASURED, scenario.posts(), scenario.rate());
			runner.await(shards, posts.made(), AWAIT_MILLIS);
			Map<String, Double> missing = html ? awaitApplied(shards) : Map.of();
			Runner.Report report = runner.report(shards, posts, result);
			ServerFigures cost = meter.stop(result);
			double background = quiet * (System.nanoTime() - started) / 1e9;
			perPost(result, cost, background, stream(shards), before, MEASURED, posts.made() - warmUp);
			Map<String, Double> sums = report.sums();
			result.put("resyncs", Math.round(sums.get("resyncs")));
			if (html) {
				applied(result, sums, missing, posts);
			}
			return result.withLatency(report.latency());
		}
	}

	// the checks of what the pages show: every post, each item the one of its update, the same on every page
	private static void applied(Result result, Map<String, Double> sums, Map<String, Double> missing, Posts posts) {
		long pages = Math.round(missing.get("pages"));
		long withoutHtml = Math.round(sums.get("withoutHtml"));
		result.put("items applied", Math.round(sums.get("applied")));
		result.put("events without html", withoutHtml);
		result.put("pages missing a post", pages);
		result.put("items missing", Math.round(missing.get("items")));
		result.put("items of another update", Math.round(sums.get("wrongItem")));
		result.put("items differing between pages", Math.round(sums.get("differing")));
		if (pages > 0) {
			result.problem(pages + " pages lack an item of the " + posts.made() + " posts (" + withoutHtml
					+ " events came without html)");
		}
		if (sums.get("wrongItem") > 0 || sums.get("differing") > 0) {
			result.problem(Math.round(sums.get("wrongItem")) + " items of another update, "
					+ Math.round(sums.get("differing")) + " differing between pages");
		}
	}

	/**
	 * The costs of the measured posts ({@code count} of them, numbered from {@code first}), from
	 * the generators' {@code stream} answers before and after them: server CPU, database
	 * transactions and fragment fetches per post, bytes per event and per fetch, and the posts' sizes.
	 */
	static void perPost(Result result, ServerFigures cost, double background, Map<String, Double> after,
			Map<String, Double> before, int first, int count) {
		double[] lengths = PostMix.meanLengths(first, count);
		result.put("mean title / body chars of the posts", Math.round(lengths[0]) + " / " + Math.round(lengths[1]));
		if (cost.cpuSeconds() >= 0) {
			result.put("server CPU ms/post", Runner.round(cost.cpuSeconds() * 1000 / Math.max(1, count)));
		}
		if (cost.transactions() >= 0) {
			result.put("DB transactions/post", Runner.round((double) cost.transactions() / Math.max(1, count)));
			// what the server commits anyway (the relay's probe, sign-in checks), at the rate of a quiet window
			result.put("DB transactions/post beyond the quiet rate",
					Runner.round(Math.max(0, cost.transactions() - background) / Math.max(1, count)));
		}
		double events = after.get("events") - before.get("events");
		if (events > 0) {
			result.put("bytes/event", Math.round((after.get("eventBytes") - before.get("eventBytes")) / events));
		}
		double fetches = after.get("requests") - before.get("requests");
		result.put("fragment fetches", Math.round(fetches));
		result.put("fetches/post", Runner.round(fetches / Math.max(1, count)));
		if (fetches > 0) {
			result.put("fragment bytes/fetch", Math.round((after.get("bytes") - before.get("bytes")) / fetches));
		}
	}

	/**
	 * The rate at which the server commits transactions while nothing is posted (the relay's
	 * probe of its connection, the checks of open streams' sign-ins), over a few quiet seconds.
	 */
	static double quietTransactionsPerSecond(Target target, Shards shards, Runner runner) throws InterruptedException {
		Meter meter = Meter.start(target, shards, runner);
		long started = System.nanoTime();
		Thread.sleep(QUIET_MILLIS);
		ServerFigures quiet = meter.stop(new Result("quiet", target.name()));
		return (quiet.transactions() < 0) ? 0 : quiet.transactions() / ((System.nanoTime() - started) / 1e9);
	}

	/** The events the generators have received so far and their bytes, and the fetches. */
	static Map<String, Double> stream(Shards shards) throws InterruptedException {
		shards.send("stream");
		return Shards.sum(shards.expect("stream", 60, null));
	}

	// every event has arrived; a page fetching after a resync may still be on its way
	private static Map<String, Double> awaitApplied(Shards shards) throws InterruptedException {
		long deadline = System.nanoTime() + APPLY_SECONDS * 1_000_000_000L;
		Map<String, Double> missing;
		do {
			shards.send("missing");
			missing = Shards.sum(shards.expect("missing", 60, null));
			if (missing.get("pages") > 0) {
				Thread.sleep(500);
			}
		}
		while (missing.get("pages") > 0 && System.nanoTime() < deadline);
		return missing;
	}

}
