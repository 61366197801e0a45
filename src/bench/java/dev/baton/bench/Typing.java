package dev.baton.bench;

import java.util.List;
import java.util.Map;

/**
 * Typing at scale: the scenario's subscribers on the feed channel ask for {@code include=typing};
 * {@value #TYPISTS} other users ({@link Typists}) type at once, each sending the command every 2 s
 * for {@code durationSeconds}, their starts spread over the first 2 s. Measured: from a typist's
 * first command to each subscriber's first {@code typing} event naming them (every subscriber ×
 * typist pair), after an untimed round so the server is warm, as for posts. Checked: every
 * subscriber saw every typist, each ended with an empty set once the typists stopped (the contract's
 * 5 s expiry), and the typists' own streams, which did not ask, got no typing or presence event.
 */
final class Typing {

	static final int TYPISTS = 100;

	private static final int WARM_UP_SECONDS = 6;

	/** After the last command, how long until every subscriber must show no one typing: 5 s of expiry and some. */
	private static final int QUIET_SECONDS = 10;

	private Typing() {
	}

	static List<Result> run(Settings settings, Scenario scenario, BatonTarget target, Runner runner) throws Exception {
		System.out.printf("%n== %s on baton: %s%n", scenario.name(), scenario.description());
		if (settings.remote()) {
			throw new IllegalStateException("it creates users as the admin: not against bench.url");
		}
		target.prepare(scenario);
		try {
			target.createUsers(Ephemeral.TYPIST, TYPISTS);
			Result result = new Result(scenario.name(), target.name());
			try (Shards shards = Shards.start(settings, target, scenario)) {
				shards.send("include typing 1");
				runner.connect(scenario, shards, "all", result);
				try (Typists typists = new Typists(target, TYPISTS)) {
					return List.of(measure(scenario, target, shards, runner, result, typists));
				}
			}
		}
		finally {
			target.finish();
		}
	}

	private static Result measure(Scenario scenario, Target target, Shards shards, Runner runner, Result result,
			Typists typists) throws InterruptedException {
		shards.send("record off");
		typists.type(WARM_UP_SECONDS, null);
		awaitQuiet(shards);
		shards.send("record on");
		shards.send("ephemeral reset");
		Meter meter = Meter.start(target, shards, runner);
		long sentBefore = typists.sent();
		typists.type(scenario.durationSeconds(), shards);
		List<String> answers = awaitQuiet(shards);
		meter.stop(result);
		Map<String, Double> after = Shards.sum(answers);
		long subscribers = scenario.subscribers();
		long pairs = subscribers * TYPISTS;
		result.put("typists", TYPISTS);
		result.put("typing commands sent", typists.sent() - sentBefore);
		result.put("subscribers asking for typing, open", Math.round(after.get("asking")));
		result.put("subscriber × typist pairs seen", Math.round(after.get("seen")));
		result.put("pairs expected", pairs);
		result.put("typing events per subscriber (mean)", Runner.round(after.get("events") / Math.max(1, after.get("asking"))));
		result.put("shortest time between two typing events at one subscriber, ms", PresenceChurn.shortestGap(answers));
		result.put("subscribers still showing someone typing " + QUIET_SECONDS + " s after the last command",
				Math.round(after.get("typingNow")));
		result.put("typing or presence events on the typists' streams (did not ask)", typists.unasked());
		result.put("errors to typists", typists.errors().size());
		if (after.get("seen") < pairs) {
			result.problem(Math.round(pairs - after.get("seen")) + " subscriber × typist pairs never seen");
		}
		if (after.get("typingNow") > 0 || typists.unasked() > 0 || !typists.errors().isEmpty()) {
			result.problem(Math.round(after.get("typingNow")) + " subscribers still showing typists, " + typists.unasked()
					+ " events on streams that did not ask, errors: " + typists.errors());
		}
		if (after.get("asking") < subscribers) {
			result.problem(Math.round(subscribers - after.get("asking")) + " subscribers not open throughout");
		}
		return result.withLatency(shards.histogram("hist", 60));
	}

	/** Waits until no subscriber shows anyone typing, at most {@value #QUIET_SECONDS} s; the generators' last answers. */
	private static List<String> awaitQuiet(Shards shards) throws InterruptedException {
		long deadline = System.nanoTime() + QUIET_SECONDS * 1_000_000_000L;
		List<String> answers;
		do {
			Thread.sleep(500);
			shards.send("ephemeral");
			answers = shards.expect("ephemeral", 60, null);
		}
		while (Shards.sum(answers).get("typingNow") > 0 && System.nanoTime() < deadline);
		return answers;
	}

}
