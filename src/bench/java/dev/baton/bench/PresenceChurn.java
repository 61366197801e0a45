package dev.baton.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Presence at scale: the scenario's subscribers on the feed channel, spread over many users, one in
 * {@value #PRESENCE_EVERY} asking for presence and the others id-only; then a churn, {@value #CHURN}
 * leaving (the longest open first) and as many joining every second, while posts are made at the
 * scenario's rate, warmed up as fan-out is and then measured for {@code durationSeconds}. Each
 * user has {@value #PER_USER} subscribers in a row, so the leavers take whole users with them and
 * the joiners bring users who were not there: presence changes every second. Reported: the posts'
 * fan-out latency during the churn, the server's CPU, and the presence events each subscriber that
 * asked received per second (at most one a second per channel, by the contract). The same run on
 * a server with presence off ({@code presence-churn-off}) is what the fan-out is held against.
 */
final class PresenceChurn {

	/** Subscribers leaving, and joining, each second. */
	static final int CHURN = 200;

	/** Every how many-th subscriber asks for presence: 1,000 of 19,000. */
	static final int PRESENCE_EVERY = 19;

	/** Subscribers of each user, opened in a row (as the tabs and devices of one person). */
	static final int PER_USER = 50;

	static final String USER = "bench-u";

	/**
	 * A user's subscribers come back this long after they left, at the earliest: longer than the
	 * presence grace (10 s), so that each is a real leave and join.
	 */
	static final int RETURN_SECONDS = 25;

	private PresenceChurn() {
	}

	static List<Result> run(Settings settings, Scenario scenario, BatonTarget target, Runner runner) throws Exception {
		System.out.printf("%n== %s on baton: %s%n", scenario.name(), scenario.description());
		if (settings.remote()) {
			throw new IllegalStateException("it creates users as the admin: not against bench.url");
		}
		boolean presence = scenario.kind() == Scenario.Kind.PRESENCE_CHURN;
		// Pages sign in once and keep a session; these clients send Basic credentials on every
		// handshake instead, so the server remembers a checked password for the whole run, not a
		// minute: otherwise each returning user's handshake would cost a bcrypt a page does not.
		target.prepare(scenario, presence ? List.of("--baton.security.credential-cache-ttl=1h")
				: List.of("--baton.security.credential-cache-ttl=1h", "--baton.presence.enabled=false"));
		try {
			int processes = Shards.processes(scenario);
			GeneratorSettings.Users users = users(scenario, processes);
			long started = System.nanoTime();
			target.createUsers(USER, users.perProcess() * processes);
			System.out.printf("  %d users created in %.1f s%n", users.perProcess() * processes,
					(System.nanoTime() - started) / 1e9);
			Result result = new Result(scenario.name(), target.name());
			try (Shards shards = Shards.start(settings, target, scenario, List.of("users=" + users.spec()))) {
				shards.send("include presence " + PRESENCE_EVERY);
				return List.of(measure(scenario, target, shards, runner, result, processes));
			}
		}
		finally {
			target.finish();
		}
	}

	/**
	 * Enough users per generator that, with its subscribers leaving and joining in order, a user
	 * returns only {@value #RETURN_SECONDS} s after leaving.
	 */
	static GeneratorSettings.Users users(Scenario scenario, int processes) {
		int open = scenario.subscribers() / processes;
		int perProcess = (open + CHURN / processes * RETURN_SECONDS + PER_USER - 1) / PER_USER;
		return new GeneratorSettings.Users(USER, perProcess, PER_USER);
	}

	private static Result measure(Scenario scenario, BatonTarget target, Shards shards, Runner runner, Result result,
			int processes) throws Exception {
		runner.connect(scenario, shards, "all", result);
		// after a full GC, before and after the churn: what each connection that came and went left behind
		double heapBefore = target.liveHeapKiB();
		shards.send("churn " + (double) CHURN / processes);
		Posts posts = runner.warmUp(scenario, target, shards, result);
		shards.send("ephemeral reset");
		Meter meter = Meter.start(target, shards, runner);
		posts.make(target, shards, posts.made(), scenario.postsOverDuration(), scenario.rate());
		shards.send("ephemeral");
		List<String> ephemeral = shards.expect("ephemeral", 60, null);
		shards.send("churn stop");
		Map<String, Double> churned = Shards.sum(shards.expect("churned", 60, null));
		ServerFigures cost = meter.stop(result);
		Runner.Report report = runner.deliver(shards, posts, result);
		double heapAfter = target.liveHeapKiB();
		result.put("posts/s made", Runner.round(posts.rate()));
		if (heapBefore >= 0 && heapAfter >= 0) {
			result.put("live heap MiB before / after the churn", Math.round(heapBefore / 1024) + " / " + Math.round(heapAfter / 1024));
		}
		double window = (Double) result.figures().get("window s");
		if (cost.cpuSeconds() >= 0) {
			result.put("server CPU, cores", Runner.round(cost.cpuSeconds() / window * 100) / 100);
			result.put("database CPU, cores", Runner.round(cost.databaseCpuSeconds() / window * 100) / 100);
		}
		churn(result, churned, report.sums(), window);
		presence(result, ephemeral, target);
		return result.withLatency(report.latency());
	}

	// the leavers and joiners, and the check of the joiners' posts
	private static void churn(Result result, Map<String, Double> churned, Map<String, Double> sums, double window) {
		result.put("left (whole run)", Math.round(churned.get("left")));
		result.put("joined (whole run)", Math.round(churned.get("joined")));
		result.put("joined, handshake failed", Math.round(churned.get("joinFailed")));
		result.put("joiners open at the end", Math.round(sums.get("joinersOpen")));
		result.put("joiners missing a post sent after they opened", Math.round(sums.get("joinersShort")));
		if (churned.get("joinFailed") > 0) {
			result.problem(Math.round(churned.get("joinFailed")) + " joiners could not open");
		}
		if (sums.get("joinersShort") > 0 || sums.get("churnDisorder") > 0) {
			result.problem(Math.round(sums.get("joinersShort")) + " joiners missed a post sent after they opened, "
					+ Math.round(sums.get("churnDisorder")) + " joiners or leavers saw a seq out of order or twice");
		}
	}

	/** The shortest time between two ephemeral events at one subscriber, in ms, or "none" when none had two. */
	static Object shortestGap(List<String> ephemeral) {
		double gap = Shards.values(ephemeral, "shortestGapMs").filter((g) -> g >= 0).min().orElse(-1);
		return (gap < 0) ? "none" : (Object) Runner.round(gap);
	}

	// what the subscribers that asked for presence received, and what the server says at the end
	private static void presence(Result result, List<String> ephemeral, BatonTarget target) {
		Map<String, Double> sums = Shards.sum(ephemeral);
		double seconds = Shards.max(ephemeral, "seconds");
		double asking = sums.get("asking");
		result.put("presence subscribers open the whole window", Math.round(asking));
		result.put("presence events/s per presence subscriber (mean)",
				Runner.round(sums.get("events") / Math.max(1, asking) / seconds * 100) / 100);
		result.put("presence events/s per presence subscriber (max)",
				Runner.round(Shards.max(ephemeral, "max") / seconds * 100) / 100);
		result.put("shortest time between two presence events at one subscriber, ms", shortestGap(ephemeral));
		result.put("presence or typing events on streams that did not ask", Math.round(sums.get("unasked")));
		if (sums.get("unasked") > 0) {
			result.problem(Math.round(sums.get("unasked")) + " presence or typing events reached streams that did not ask");
		}
		Http.Answer now = Http.get(target.base() + "/api/channels/" + BatonTarget.FEED_CHANNEL + "/presence",
				target.admin()).block(Duration.ofSeconds(30));
		if (now != null && now.status() == 200) {
			result.put("GET presence at the end: users / connections",
					Wire.number(now.body(), "user_count") + " / " + Wire.number(now.body(), "connection_count"));
		}
	}

}
