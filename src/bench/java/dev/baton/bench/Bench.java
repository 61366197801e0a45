package dev.baton.bench;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The benchmark's entry point ({@code mvn -Pbench verify}): runs the selected scenarios against
 * Baton and, where they apply, against its peers, the floor and Nchan, then writes the reports to
 * {@code target/bench/}. Exits non-zero when a delivery check failed, so a wrong result never
 * passes for a fast one.
 */
public final class Bench {

	/**
	 * Scenarios the peers can take part in: they have no resume point, no feed page, no database,
	 * no HTML on their streams and no module channels.
	 */
	private static final Set<Scenario.Kind> PEER_KINDS = Set.of(Scenario.Kind.FANOUT, Scenario.Kind.IDLE,
			Scenario.Kind.KNEE);

	private Bench() {
	}

	public static void main(String[] arguments) throws Exception {
		Settings settings = Settings.fromSystemProperties();
		if (!settings.remote() && !Files.exists(settings.jar())) {
			throw new IllegalStateException("no jar at " + settings.jar() + "; run mvn -Pbench verify (it packages first)");
		}
		Machine machine = Machine.current();
		System.out.println("Fan-out benchmark, " + machine.describe());
		System.out.println("Scenarios: " + settings.scenarios() + (settings.remote() ? ", against " + settings.url()
				: ", server: java " + settings.serverJvm() + " -jar " + settings.jar().getFileName()));
		List<Result> results = run(settings);
		new Reports(results, machine, settings).write();
		long failed = results.stream().filter((r) -> !r.verified()).count();
		if (failed > 0) {
			System.out.println(failed + " results did not verify: see the tables above");
		}
		System.exit(failed > 0 ? 1 : 0);
	}

	private static List<Result> run(Settings settings) throws Exception {
		List<Result> results = new ArrayList<>();
		BatonTarget baton = new BatonTarget(settings);
		List<Target> peers = peers(settings);
		// the servers, the database and nginx go with the benchmark, also when it is interrupted
		Thread cleanup = new Thread(() -> close(baton, peers), "bench-cleanup");
		Runtime.getRuntime().addShutdownHook(cleanup);
		try {
			Runner runner = new Runner(settings);
			for (String name : settings.scenarios()) {
				Scenario scenario = Scenario.named(name.trim(), settings.overrides());
				results.addAll(scenario(settings, scenario, runner, baton, peers));
			}
		}
		finally {
			close(baton, peers);
			Runtime.getRuntime().removeShutdownHook(cleanup);
		}
		return results;
	}

	// the floor first, so that the report's columns go from Baton down to Nchan
	private static List<Target> peers(Settings settings) throws Exception {
		List<Target> peers = new ArrayList<>();
		if (settings.remote()) {
			return peers;
		}
		if (settings.floor()) {
			peers.add(new FloorTarget(settings));
		}
		if (settings.nchan()) {
			NchanTarget.start(settings).ifPresent(peers::add);
		}
		return peers;
	}

	private static List<Result> scenario(Settings settings, Scenario scenario, Runner runner, BatonTarget baton,
			List<Target> peers) {
		if (scenario.kind() == Scenario.Kind.POLLING) {
			return attempt(scenario, "baton", () -> Polling.run(settings, scenario, baton, runner));
		}
		if (scenario.kind() == Scenario.Kind.PAGES) {
			return attempt(scenario, "baton", () -> Herd.run(settings, scenario, baton, runner));
		}
		if (scenario.kind() == Scenario.Kind.PUBLISH_THROUGHPUT) {
			return attempt(scenario, "baton", () -> PublishThroughput.run(settings, scenario, baton));
		}
		if (scenario.kind() == Scenario.Kind.PRESENCE_CHURN || scenario.kind() == Scenario.Kind.PRESENCE_CHURN_OFF) {
			return attempt(scenario, "baton", () -> PresenceChurn.run(settings, scenario, baton, runner));
		}
		if (scenario.kind() == Scenario.Kind.TYPING) {
			return attempt(scenario, "baton", () -> Typing.run(settings, scenario, baton, runner));
		}
		if (scenario.kind() == Scenario.Kind.PUBLISH_FANOUT) {
			return attempt(scenario, "baton", () -> PublishFanout.run(settings, scenario, baton, runner));
		}
		List<Result> results = new ArrayList<>(attempt(scenario, "baton", () -> List.of(runner.run(scenario, baton))));
		if (PEER_KINDS.contains(scenario.kind())) {
			for (Target peer : peers) {
				results.addAll(attempt(scenario, peer.name(), () -> List.of(runner.run(scenario, peer))));
			}
		}
		return results;
	}

	// a scenario that breaks is reported as such, and the others still run
	private static List<Result> attempt(Scenario scenario, String target, Attempt attempt) {
		try {
			return attempt.run();
		}
		catch (Exception ex) {
			ex.printStackTrace();
			Result failed = new Result(scenario.name(), target);
			failed.problem("did not finish: " + ex.getMessage());
			return List.of(failed);
		}
	}

	private static synchronized void close(BatonTarget baton, List<Target> peers) {
		baton.close();
		peers.forEach(Target::close);
	}

	private interface Attempt {

		List<Result> run() throws Exception;

	}

}
