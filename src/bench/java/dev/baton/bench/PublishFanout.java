package dev.baton.bench;

import java.util.List;
import java.util.Map;

/**
 * Module events beside feed posts, on one server: first the scenario's subscribers on the feed
 * channel take its posts (the fan-out every other scenario measures), then as many on a module
 * channel take events a service publishes over HTTP with {@value ModuleTarget#DATA_BYTES} bytes of
 * data each, at the same rate. Each group has the server to itself, is warmed up on its own and
 * measured as fan-out is, from just before the POST was sent until a subscriber had the event, so
 * their latencies and the server's CPU per post stand side by side.
 */
final class PublishFanout {

	/** The report's columns: the module channel's subscribers and the feed's. */
	static final String EVENTS = "module events";

	static final String FEED = "feed posts";

	private PublishFanout() {
	}

	static List<Result> run(Settings settings, Scenario scenario, BatonTarget target, Runner runner) throws Exception {
		System.out.printf("%n== %s on baton: %s%n", scenario.name(), scenario.description());
		if (settings.remote()) {
			throw new IllegalStateException("it creates a module channel and a token as the admin: not against bench.url");
		}
		target.prepare(scenario);
		try {
			Result feed = phase(settings, scenario, target, runner, new Result(scenario.name(), FEED));
			ModuleTarget module = new ModuleTarget(target);
			module.prepare(scenario);
			Result events = phase(settings, scenario, module, runner, new Result(scenario.name(), EVENTS));
			return List.of(events, feed);
		}
		finally {
			target.finish();
		}
	}

	private static Result phase(Settings settings, Scenario scenario, Target target, Runner runner, Result result)
			throws Exception {
		System.out.printf("  %s%n", result.target());
		try (Shards shards = Shards.start(settings, target, scenario)) {
			Result measured = runner.fanout(scenario, target, shards, result);
			Map<String, Double> received = Herd.stream(shards);
			measured.put("bytes/event", Math.round(received.get("eventBytes") / Math.max(1, received.get("events"))));
			if (measured.figures().get("server CPU s") instanceof Double cpu) {
				measured.put("server CPU ms/post", Runner.round(cpu * 1000 / scenario.posts()));
			}
			return measured;
		}
	}

}
