package dev.baton.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Baton as an operator runs it: the packaged jar in its own JVM with stated flags, its limits
 * raised on the command line, on a PostgreSQL of the benchmark's own (fresh for each scenario) so
 * the database's transaction counts can be read. Or, with {@code bench.url}, a deployment
 * somewhere else, measured only from outside.
 */
final class BatonTarget implements Target {

	private static final String USER = "bench";

	/** The feed channel the subscribers read and the posts go to. */
	static final String FEED_CHANNEL = "general";

	private final Settings settings;

	private final String adminPassword = "bench-" + UUID.randomUUID();

	private final String userPassword = "bench-" + UUID.randomUUID();

	private EmbeddedPostgres postgres;

	private ServerJvm server;

	private String base;

	private String jdbcUrl;

	private String scenario;

	private boolean mixedPosts;

	private long postmaster = -1;

	private List<String> serverArguments = List.of();

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
		prepare(scenario, List.of());
	}

	/** With {@code arguments} added to the server's command line (settings such as {@code --baton.presence.enabled=false}). */
	void prepare(Scenario scenario, List<String> arguments) throws Exception {
		this.serverArguments = arguments;
		this.scenario = scenario.name();
		this.mixedPosts = scenario.mixedPosts();
		if (this.settings.remote()) {
			return;
		}
		finish();
		startDatabase();
		startServer();
		createUser(USER).block(Duration.ofSeconds(30));
	}

	/**
	 * Creates members {@code prefix0} to {@code prefix(count-1)} with the bench user's password, a
	 * few at a time (the server hashes each with bcrypt).
	 */
	void createUsers(String prefix, int count) {
		Flux.range(0, count).flatMap((i) -> createUser(prefix + i), 4).blockLast(Duration.ofMinutes(5));
	}

	private Mono<Void> createUser(String name) {
		return Http.post(this.base + "/api/users", admin(), "application/json",
				"{\"username\":\"" + name + "\",\"password\":\"" + this.userPassword + "\",\"role\":\"member\"}")
			.flatMap((created) -> (created.status() == 201) ? Mono.<Void>empty()
					: Mono.error(new IllegalStateException("could not create user " + name + ": " + created)));
	}

	@Override
	public String websocketUrl() {
		return websocketUrl(this.base, FEED_CHANNEL);
	}

	/** The WebSocket stream of {@code channel} on {@code base}, a server with Baton's paths (Baton's or the floor). */
	static String websocketUrl(String base, String channel) {
		return base.replaceFirst("^http", "ws") + "/ws/updates?channels=" + channel;
	}

	@Override
	public String sseUrl() {
		return sseUrl(this.base, FEED_CHANNEL);
	}

	/** The SSE stream of {@code channel} on {@code base}, a server with Baton's paths (Baton's or the floor). */
	static String sseUrl(String base, String channel) {
		return base + "/api/updates/stream?channels=" + channel;
	}

	@Override
	public String feedUrl() {
		return this.base + "/updates/feed?channel=" + FEED_CHANNEL;
	}

	/** Where the server answers, {@code http://127.0.0.1:PORT} or {@code bench.url}. */
	String base() {
		return this.base;
	}

	/** The JDBC URL of the server's database (the benchmark's own, or {@code bench.database}); null against {@code bench.url}. */
	String jdbcUrl() {
		return this.jdbcUrl;
	}

	/** The Basic header of the admin of the server the benchmark started (not of one at {@code bench.url}). */
	String admin() {
		return Http.basic("admin", this.adminPassword);
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
		String authorization = this.settings.remote() ? Http.basic(user(), password()) : admin();
		if (this.mixedPosts) {
			return post(this.base, authorization, PostMix.json(FEED_CHANNEL, index));
		}
		return post(this.base, authorization, this.scenario, index);
	}

	/** Makes the {@code index}-th post of the scenario with {@code POST /api/updates}; completes with its id. */
	static Mono<Long> post(String base, String authorization, String scenario, int index) {
		return post(base, authorization, "{\"channel\":\"" + FEED_CHANNEL + "\",\"title\":\"" + scenario + " #" + index
				+ "\",\"body\":\"A post of the fan-out benchmark.\"}");
	}

	private static Mono<Long> post(String base, String authorization, String json) {
		return Http.post(base + "/api/updates", authorization, "application/json", json).map((answer) -> {
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
		ServerFigures jvm = this.server.figures();
		long[] database = database();
		double databaseCpu = (this.postmaster > 0) ? Probe.cpuSeconds(this.postmaster) : -1;
		return new ServerFigures(jvm.cpuSeconds(), jvm.compilerCpuSeconds(), databaseCpu, jvm.rssMiB(), database[0],
				database[1], jvm.gcPauses(), jvm.gcPauseMillis(), jvm.gcMaxPauseMillis());
	}

	@Override
	public double liveHeapKiB() {
		return (this.server != null) ? this.server.liveHeapKiB() : -1;
	}

	@Override
	public void finish() {
		if (this.server != null) {
			this.server.stop();
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
		URI database = URI.create(this.jdbcUrl.substring(5));
		List<String> command = new ArrayList<>(List.of("-jar", this.settings.jar().toString(), "--server.port=" + port,
				"--server.address=127.0.0.1", "--baton.limits.streams-per-user=1000000",
				"--baton.limits.connections=1000000", "--baton.limits.posts-per-minute=1000000",
				"--baton.limits.publishes-per-second=1000000"));
		command.addAll(this.serverArguments);
		this.server = ServerJvm.start(this.settings, "baton-" + this.scenario, command,
				Map.of("SPRING_R2DBC_URL",
						"r2dbc:postgresql://" + database.getHost() + ":" + database.getPort() + database.getPath(),
						"SPRING_R2DBC_USERNAME", query(this.jdbcUrl, "user"), "SPRING_R2DBC_PASSWORD",
						query(this.jdbcUrl, "password"), "BATON_ADMIN_PASSWORD", this.adminPassword));
		this.base = "http://127.0.0.1:" + port;
		this.server.awaitUp(this.base + "/actuator/health",
				(health) -> health.status() == 200 && health.body().contains("UP"));
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
