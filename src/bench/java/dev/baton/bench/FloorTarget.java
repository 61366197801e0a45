package dev.baton.bench;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * The floor ({@link FloorServer}) as a peer: in a JVM of its own with Baton's flags, started fresh
 * for each scenario as Baton is, and measured the same way. It numbers the posts itself, so they
 * need not wait for each other; it keeps no log, so subscribers do not resume.
 */
final class FloorTarget implements Target {

	private static final String USER = "bench";

	private final Settings settings;

	private final String password = "bench-" + UUID.randomUUID();

	private ServerJvm server;

	private String base;

	private String scenario;

	FloorTarget(Settings settings) {
		this.settings = settings;
	}

	@Override
	public String name() {
		return "floor";
	}

	@Override
	public void prepare(Scenario scenario) throws Exception {
		finish();
		this.scenario = scenario.name();
		int port = BatonTarget.freePort();
		this.server = ServerJvm.start(this.settings, "floor-" + this.scenario,
				List.of("-Dlogback.configurationFile=" + this.settings.basedir().resolve("src/bench/logback.xml"), "-cp",
						System.getProperty("java.class.path"), FloorServer.class.getName(), Integer.toString(port)),
				Map.of("FLOOR_AUTHORIZATION", Http.basic(USER, this.password)));
		this.base = "http://127.0.0.1:" + port;
		// any answer, a 401 here, means it is listening
		this.server.awaitUp(this.base + "/api/updates/stream", (answer) -> true);
	}

	@Override
	public String websocketUrl() {
		return BatonTarget.websocketUrl(this.base, BatonTarget.FEED_CHANNEL);
	}

	@Override
	public String sseUrl() {
		return BatonTarget.sseUrl(this.base, BatonTarget.FEED_CHANNEL);
	}

	@Override
	public String feedUrl() {
		return "";
	}

	@Override
	public String user() {
		return USER;
	}

	@Override
	public String password() {
		return this.password;
	}

	@Override
	public boolean resumes() {
		return false;
	}

	@Override
	public Mono<Long> publish(int index) {
		return BatonTarget.post(this.base, Http.basic(USER, this.password), this.scenario, index);
	}

	@Override
	public boolean sequentialPosts() {
		return false;
	}

	@Override
	public long pid() {
		return (this.server != null) ? this.server.pid() : -1;
	}

	@Override
	public ServerFigures figures() {
		return (this.server != null) ? this.server.figures() : ServerFigures.NONE;
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
	}

	@Override
	public void close() {
		finish();
	}

}
