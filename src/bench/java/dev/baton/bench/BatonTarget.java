package dev.baton.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import reactor.core.publisher.Mono;

/**
 * Baton as an operator runs it: the packaged jar in its own JVM with stated flags, its limits
 * raised on the command line, on a PostgreSQL of the benchmark's own (fresh for each scenario) so
 * the database's transaction counts can be read. Or, with {@code bench.url}, a deployment
 * somewhere else, measured only from outside.
 */
final class BatonTarget implements Target {

	private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

	private static final String USER = "bench";

	private final Settings settings;

	private final String adminPassword = "bench-" + UUID.randomUUID();

	private final String userPassword = "bench-" + UUID.randomUUID();

	private EmbeddedPostgres postgres;

	private Process server;

	private String base;

	private String jdbcUrl;

	private Path gcLog;

	private String scenario;

	private long postmaster = -1;

	BatonTarget(Settings settings) {
		this.settings = settings;
		this.base = settings.remote() ? settings.url().replaceAll("/+$", "") : null;
	}

	@Override
	public String name() {
		return "baton";
	}

	@Override
	public void prepare(Scenario scenario) throws Exception {
		this.scenario = scenario.name();
		if (this.settings.remote()) {
			return;
		}
		finish();
		startDatabase();
		startServer();
		Http.Answer created = Http.post(this.base + "/api/users", Http.basic("admin", this.adminPassword),
				"application/json",
				"{\"username\":\"" + USER + "\",\"password\":\"" + this.userPassword + "\",\"role\":\"member\"}")
			.block(Duration.ofSeconds(30));
		if (created == null || created.status() != 201) {
			throw new IllegalStateException("could not create the bench user: " + created);
		}
	}

	@Override
	public String websocketUrl() {
		return this.base.replaceFirst("^http", "ws") + "/ws/updates?channels=general";
	}

	@Override
	public String sseUrl() {
		return this.base + "/api/updates/stream?channels=general";
	}

	@Override
	public String feedUrl() {
		return this.base + "/updates/feed?channel=general";
	}

	@Override
	public String user() {
		return this.settings.remote() ? this.settings.user() : USER;
	}

	@Override
	public String password() {
		return this.settings.remote() ? this.settings.password() : this.userPassword;
	}

	@Override
	public boolean resumes() {
		return true;
	}

	@Override
	public boolean sequentialPosts() {
		return false;
	}

	@Override
	public Mono<Long> publish(int index) {
		String authorization = this.settings.remote() ? Http.basic(user(), password())
				: Http.basic("admin", this.adminPassword);
		String json = "{\"channel\":\"general\",\"title\":\"" + this.scenario + " #" + index
				+ "\",\"body\":\"A post of the fan-out benchmark.\"}";
		return Http.post(this.base + "/api/updates", authorization, "application/json", json).map((answer) -> {
			if (answer.status() != 201) {
				throw new IllegalStateException("POST /api/updates answered " + answer.status() + " " + answer.body());
			}
			return Wire.number(answer.body(), "id");
		});
	}

	@Override
	public long pid() {
		return (this.server != null) ? this.server.pid() : -1;
	}

	@Override
	public ServerFigures figures() {
		if (this.server == null) {
			return ServerFigures.NONE;
		}
		double[] gc = GcLog.pauses(this.gcLog);
		long[] database = database();
		double databaseCpu = (this.postmaster > 0) ? Probe.cpuSeconds(this.postmaster) : -1;
		return new ServerFigures(Probe.cpuSeconds(pid()), Probe.compilerCpuSeconds(pid()), databaseCpu, Probe.rssMiB(pid()), database[0], database[1],
				(int) gc[0], gc[1], gc[2]);
	}

	/** The server's live heap in KiB after a full GC (jcmd), or -1 when it runs elsewhere. */
	double liveHeapKiB() {
		if (this.server == null) {
			return -1;
		}
		jcmd("GC.run");
		Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
		return used.find() ? Double.parseDouble(used.group(1)) : -1;
	}

	@Override
	public void finish() {
		if (this.server != null) {
			this.server.destroy();
			try {
				if (!this.server.waitFor(30, TimeUnit.SECONDS)) {
					this.server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				this.server.destroyForcibly();
				Thread.currentThread().interrupt();
			}
			this.server = null;
		}
		this.postmaster = -1;
		if (this.postgres != null) {
			try {
				this.postgres.close();
			}
			catch (IOException ex) {
				System.err.println("could not stop PostgreSQL: " + ex);
			}
			this.postgres = null;
		}
	}

	@Override
	public void close() {
		finish();
	}

	private void startDatabase() throws IOException {
		if (this.settings.database() != null) {
			this.jdbcUrl = jdbc(this.settings.database());
			return;
		}
		this.postgres = EmbeddedPostgres.builder()
			.setServerConfig("max_connections", "200")
			.setCleanDataDirectory(true)
			.start();
		this.jdbcUrl = "jdbc:postgresql://127.0.0.1:" + this.postgres.getPort() + "/postgres?user=postgres";
		this.postmaster = postmaster();
	}

	// the parent of a backend is the postmaster; its children are every backend
	private long postmaster() {
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl);
				Statement statement = connection.createStatement()) {
			long backend = single(statement, "SELECT pg_backend_pid()");
			return ProcessHandle.of(backend).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L);
		}
		catch (SQLException ex) {
			return -1;
		}
	}

	private void startServer() throws IOException, InterruptedException {
		int port = freePort();
		Path logs = Files.createDirectories(this.settings.out().resolve("logs"));
		this.gcLog = logs.resolve("baton-" + this.scenario + "-gc.log");
		Files.deleteIfExists(this.gcLog);
		List<String> command = new ArrayList<>(List.of(Shards.java()));
		command.addAll(Arrays.asList(this.settings.serverJvm().split("\\s+")));
		command.addAll(List.of("-Xlog:gc:file=" + this.gcLog, "-jar", this.settings.jar().toString(),
				"--server.port=" + port, "--server.address=127.0.0.1", "--baton.limits.streams-per-user=1000000",
				"--baton.limits.connections=1000000", "--baton.limits.posts-per-minute=1000000"));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(logs.resolve("baton-" + this.scenario + ".log").toFile());
		URI database = URI.create(this.jdbcUrl.substring(5));
		builder.environment().put("SPRING_R2DBC_URL", "r2dbc:postgresql://" + database.getHost() + ":"
				+ database.getPort() + database.getPath());
		builder.environment().put("SPRING_R2DBC_USERNAME", query(this.jdbcUrl, "user"));
		builder.environment().put("SPRING_R2DBC_PASSWORD", query(this.jdbcUrl, "password"));
		builder.environment().put("BATON_ADMIN_PASSWORD", this.adminPassword);
		this.server = builder.start();
		this.base = "http://127.0.0.1:" + port;
		awaitHealthy();
	}

	private void awaitHealthy() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline) {
			if (!this.server.isAlive()) {
				throw new IllegalStateException("the server exited with " + this.server.exitValue() + "; see "
						+ this.settings.out().resolve("logs"));
			}
			Http.Answer health = Http.get(this.base + "/actuator/health", null)
				.onErrorResume((ex) -> Mono.empty())
				.block(Duration.ofSeconds(5));
			if (health != null && health.status() == 200 && health.body().contains("UP")) {
				return;
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("the server did not become healthy in 120 s");
	}

	/** {committed transactions, scans of the event log}, or -1s. */
	private long[] database() {
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl);
				Statement statement = connection.createStatement()) {
			long transactions = single(statement, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
			long reads = single(statement, "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables "
					+ "WHERE relname = 'update_events'");
			return new long[] { transactions, reads };
		}
		catch (SQLException ex) {
			return new long[] { -1, -1 };
		}
	}

	private static long single(Statement statement, String sql) throws SQLException {
		try (ResultSet rows = statement.executeQuery(sql)) {
			return rows.next() ? rows.getLong(1) : -1;
		}
	}

	private String jcmd(String command) {
		try {
			Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid()), command).redirectErrorStream(true).start();
			String output = new String(jcmd.getInputStream().readAllBytes());
			jcmd.waitFor(60, TimeUnit.SECONDS);
			return output;
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	/** {@code postgresql://user:password@host:port/db} as a JDBC URL with the credentials as parameters. */
	private static String jdbc(String url) {
		URI uri = URI.create(url);
		String[] credentials = (uri.getUserInfo() != null) ? uri.getUserInfo().split(":", 2) : new String[] { "postgres" };
		return "jdbc:postgresql://" + uri.getHost() + ":" + ((uri.getPort() > 0) ? uri.getPort() : 5432) + uri.getPath()
				+ "?user=" + credentials[0] + ((credentials.length > 1) ? "&password=" + credentials[1] : "");
	}

	private static String query(String jdbcUrl, String name) {
		for (String pair : jdbcUrl.substring(jdbcUrl.indexOf('?') + 1).split("&")) {
			if (pair.startsWith(name + "=")) {
				return pair.substring(name.length() + 1);
			}
		}
		return "";
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
