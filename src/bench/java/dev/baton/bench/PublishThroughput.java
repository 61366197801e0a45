package dev.baton.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How many module events one server takes per second, with no subscribers, through each way in:
 * database sessions that each publish with {@code baton.publish} and commit, one event a
 * transaction (as the database's owner, who may call it as a module's role may once granted
 * EXECUTE), then HTTP clients that each publish with a service token and wait for the 201. Each
 * gets an untimed warm-up of the same load, then a window of the scenario's duration. What counts is
 * what was committed and relayed: the log's newest seq must have grown by the publishes answered,
 * and the server's relay must have read every one of them into its stream.
 */
final class PublishThroughput {

	/**
	 * Sessions publishing at once, two per core here. Of 2, 4 and 8 (one run each on the 2-core
	 * machine), 4 took the most, 3,871/s against 3,479 and 3,198: more sessions only wait longer
	 * for the seq lock that every append holds while it commits.
	 */
	private static final int SQL_SESSIONS = 4;

	/** Requests in flight at once. Of 4, 8 and 32 (one run each), 8 took the most, 824/s against 746 and 610. */
	private static final int HTTP_CLIENTS = 8;

	/** How long the relay may take, after the last publish, to have read every event into the stream. */
	private static final int RELAY_SECONDS = 30;

	private static final String PUBLISH = "SELECT baton.publish(?, ?, ?::jsonb)";

	private PublishThroughput() {
	}

	static List<Result> run(Settings settings, Scenario scenario, BatonTarget target) throws Exception {
		System.out.printf("%n== %s on baton: %s%n", scenario.name(), scenario.description());
		if (settings.remote()) {
			throw new IllegalStateException("it publishes through the server's database with a token the admin makes: not against bench.url");
		}
		target.prepare(scenario);
		try (Connection database = DriverManager.getConnection(target.jdbcUrl())) {
			ModuleTarget channel = new ModuleTarget(target);
			channel.prepare(scenario);
			Log log = new Log(target, database);
			String commit = single(database, "SHOW synchronous_commit");
			Result sql = measure(scenario, target, log, new Result(scenario.name(), "SQL"), SQL_SESSIONS,
					(seconds) -> sql(target.jdbcUrl(), seconds));
			sql.put("database synchronous_commit", commit);
			Result http = measure(scenario, target, log, new Result(scenario.name(), "HTTP"), HTTP_CLIENTS,
					(seconds) -> http(channel, seconds));
			http.put("database synchronous_commit", commit);
			return List.of(sql, http);
		}
		finally {
			target.finish();
		}
	}

	private static Result measure(Scenario scenario, BatonTarget target, Log log, Result result, int publishers,
			Load load) throws Exception {
		System.out.printf("  %s: %d publishers, %d s measured%n", result.target(), publishers, scenario.durationSeconds());
		result.put("publishers at once", publishers);
		warmUp(target, load, result);
		log.awaitRelayed();
		long committedBefore = log.committed();
		long relayedBefore = log.relayed();
		Meter meter = Meter.start(target);
		long started = System.nanoTime();
		Counts counts = load.publishFor(scenario.durationSeconds());
		double seconds = (System.nanoTime() - started) / 1e9;
		long committed = log.committed() - committedBefore;
		long behind = committed - (log.relayed() - relayedBefore);
		result.put("publishes/s", Math.round(counts.published() / seconds));
		result.put("publishes answered", counts.published()).put("publishes failed", counts.failed());
		result.put("events committed (newest seq's growth)", committed);
		result.put("events not yet relayed at the last answer", behind);
		double relaying = log.awaitRelayed();
		long relayed = log.relayed() - relayedBefore;
		ServerFigures cost = meter.stop(result);
		result.put("events relayed", relayed);
		result.put("s until all relayed, after the last answer", Runner.round(relaying));
		perPublish(result, cost, counts.published());
		if (counts.failed() > 0) {
			result.problem(counts.failed() + " publishes failed, the first: " + counts.firstFailure());
		}
		if (committed != counts.published() || relayed != committed) {
			result.problem(counts.published() + " publishes answered, " + committed + " events committed, " + relayed
					+ " relayed");
		}
		return result;
	}

	/**
	 * Rounds of {@value Runner#WARM_UP_SECONDS} s of the same load until the server's JIT compiler
	 * threads used less than {@value Runner#QUIET_COMPILER} of a core in the last one, at most
	 * {@value Runner#MAX_WARM_UP_SECONDS} s, as {@link Runner#warmUp} does for posts: with a single
	 * round, HTTP's window still had the compiler at 4.0 of the server's 11.2 CPU s.
	 */
	private static void warmUp(Target target, Load load, Result result) throws Exception {
		long started = System.nanoTime();
		long published = 0;
		double compiling;
		do {
			ServerFigures before = target.figures();
			long round = System.nanoTime();
			published += load.publishFor(Runner.WARM_UP_SECONDS).published();
			compiling = target.figures().since(before).compilerCpuSeconds() / ((System.nanoTime() - round) / 1e9);
		}
		while (compiling > Runner.QUIET_COMPILER
				&& System.nanoTime() - started < Runner.MAX_WARM_UP_SECONDS * 1_000_000_000L);
		result.put("warm-up publishes (untimed)", published);
		result.put("warm-up s", Runner.round((System.nanoTime() - started) / 1e9));
	}

	// the window runs until every event is relayed, so the relay's work is in it
	private static void perPublish(Result result, ServerFigures cost, long published) {
		double window = (Double) result.figures().get("window s");
		if (cost.cpuSeconds() >= 0) {
			result.put("server CPU, cores", Runner.round(cost.cpuSeconds() / window));
			result.put("server CPU µs/publish", Math.round(cost.cpuSeconds() * 1e6 / Math.max(1, published)));
		}
		if (cost.databaseCpuSeconds() >= 0) {
			result.put("database CPU, cores", Runner.round(cost.databaseCpuSeconds() / window));
			result.put("database CPU µs/publish", Math.round(cost.databaseCpuSeconds() * 1e6 / Math.max(1, published)));
		}
	}

	/**
	 * {@value #SQL_SESSIONS} sessions of the database's owner, each publishing one event a
	 * transaction until the time is up; the sessions are open before the clock starts.
	 */
	private static Counts sql(String jdbcUrl, int seconds) throws Exception {
		List<Connection> sessions = new ArrayList<>();
		ExecutorService threads = Executors.newFixedThreadPool(SQL_SESSIONS);
		try {
			for (int s = 0; s < SQL_SESSIONS; s++) {
				Connection session = DriverManager.getConnection(jdbcUrl);
				session.setAutoCommit(false);
				sessions.add(session);
			}
			Counts counts = new Counts();
			AtomicInteger index = new AtomicInteger();
			long deadline = System.nanoTime() + seconds * 1_000_000_000L;
			List<Future<?>> running = new ArrayList<>();
			for (Connection session : sessions) {
				running.add(threads.submit(() -> publish(session, index, deadline, counts)));
			}
			for (Future<?> publisher : running) {
				publisher.get();
			}
			return counts;
		}
		finally {
			threads.shutdownNow();
			for (Connection session : sessions) {
				session.close();
			}
		}
	}

	private static void publish(Connection session, AtomicInteger index, long deadline, Counts counts) {
		try (PreparedStatement publish = session.prepareStatement(PUBLISH)) {
			while (System.nanoTime() < deadline) {
				try {
					publish.setString(1, ModuleTarget.CHANNEL);
					publish.setString(2, ModuleTarget.EVENT);
					publish.setString(3, ModuleTarget.data(index.getAndIncrement()));
					publish.execute();
					session.commit();
					counts.published.incrementAndGet();
				}
				catch (SQLException ex) {
					counts.failed(ex);
					session.rollback();
				}
			}
		}
		catch (SQLException ex) {
			counts.failed(ex);
		}
	}

	/** {@value #HTTP_CLIENTS} requests in flight, each followed by the next as soon as it is answered, until the time is up. */
	private static Counts http(ModuleTarget channel, int seconds) {
		Counts counts = new Counts();
		AtomicInteger index = new AtomicInteger();
		long deadline = System.nanoTime() + seconds * 1_000_000_000L;
		Flux.range(0, HTTP_CLIENTS)
			.flatMap((client) -> Mono.defer(() -> channel.publish(index.getAndIncrement()))
				.doOnNext((seq) -> counts.published.incrementAndGet())
				.onErrorResume((ex) -> {
					counts.failed(ex);
					return Mono.empty();
				})
				.repeat(() -> System.nanoTime() < deadline), HTTP_CLIENTS)
			.blockLast(Duration.ofSeconds(seconds + 60L));
		return counts;
	}

	private static String single(Connection database, String sql) throws SQLException {
		try (Statement statement = database.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getString(1);
		}
	}

	/** One way of publishing, from several publishers at once for {@code seconds}. */
	private interface Load {

		Counts publishFor(int seconds) throws Exception;

	}

	/** Publishes answered and failed, and the first failure. */
	private static final class Counts {

		private final AtomicLong published = new AtomicLong();

		private final AtomicLong failed = new AtomicLong();

		private final AtomicReference<String> firstFailure = new AtomicReference<>();

		void failed(Throwable failure) {
			if (this.failed.incrementAndGet() == 1) {
				this.firstFailure.set(failure.toString());
				System.err.println("a publish failed: " + failure);
			}
		}

		long published() {
			return this.published.get();
		}

		long failed() {
			return this.failed.get();
		}

		String firstFailure() {
			return this.firstFailure.get();
		}

	}

	/**
	 * The event log as the server's relay sees it, from the newest seq and the relay's count of
	 * the events it read into the stream ({@code baton.events.relayed}). Nothing else writes to
	 * the log in this scenario, so their growth since the server started must be the same.
	 */
	private static final class Log {

		private static final Pattern VALUE = Pattern.compile("\"value\":([0-9.eE+-]+)");

		private final BatonTarget target;

		private final Connection database;

		private final long committedAtStart;

		private final long relayedAtStart;

		Log(BatonTarget target, Connection database) throws SQLException {
			this.target = target;
			this.database = database;
			this.committedAtStart = committed();
			this.relayedAtStart = relayed();
		}

		long committed() throws SQLException {
			return Long.parseLong(single(this.database, "SELECT coalesce(max(seq), 0) FROM update_events"));
		}

		long relayed() {
			Http.Answer metric = Http.get(this.target.base() + "/actuator/metrics/baton.events.relayed", this.target.admin())
				.block(Duration.ofSeconds(30));
			if (metric == null || metric.status() != 200) {
				throw new IllegalStateException("GET /actuator/metrics/baton.events.relayed answered " + metric);
			}
			Matcher value = VALUE.matcher(metric.body());
			if (!value.find()) {
				throw new IllegalStateException("no value in " + metric.body());
			}
			return Math.round(Double.parseDouble(value.group(1)));
		}

		/** Waits until the relay has read every committed event, at most {@value #RELAY_SECONDS} s; returns the seconds. */
		double awaitRelayed() throws SQLException, InterruptedException {
			long started = System.nanoTime();
			long deadline = started + RELAY_SECONDS * 1_000_000_000L;
			while (relayed() - this.relayedAtStart < committed() - this.committedAtStart && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			return (System.nanoTime() - started) / 1e9;
		}

	}

}
