package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;

/**
 * Nchan (nginx's pub/sub module), the peer: the config kept in {@code src/bench/nchan/nginx.conf},
 * one nginx for the whole run (started again for a fresh scenario), a fresh channel per scenario.
 * Posts carry a seq the benchmark assigns, so the same checks (every post, in order, none twice)
 * apply.
 */
final class NchanTarget implements Target {

	private static final List<String> MODULES = List.of("/usr/lib/nginx/modules/ngx_nchan_module.so",
			"/usr/share/nginx/modules/ngx_nchan_module.so");

	private static final AtomicInteger CHANNELS = new AtomicInteger();

	private final List<String> command;

	private final Path prefix;

	private final String base;

	private Process nginx;

	private String channel;

	private NchanTarget(List<String> command, Path prefix, String base) {
		this.command = command;
		this.prefix = prefix;
		this.base = base;
	}

	/** Starts nginx with Nchan, or says why not and returns empty. */
	static Optional<NchanTarget> start(Settings settings) throws IOException, InterruptedException {
		Optional<String> nginx = which("nginx");
		Optional<String> module = MODULES.stream().filter((m) -> Files.exists(Path.of(m))).findFirst();
		if (nginx.isEmpty() || module.isEmpty()) {
			System.out.println("Nchan is skipped: " + (nginx.isEmpty() ? "nginx" : "the Nchan module")
					+ " is not installed (apt-get install -y nginx-light libnginx-mod-nchan)");
			return Optional.empty();
		}
		int port = BatonTarget.freePort();
		Path prefix = Files.createDirectories(settings.out().resolve("nchan"));
		Files.createDirectories(prefix.resolve("tmp"));
		String config = Files.readString(settings.basedir().resolve("src/bench/nchan/nginx.conf"))
			.replace("@PREFIX@", prefix.toString())
			.replace("@PORT@", Integer.toString(port))
			.replace("@MODULE@", module.get());
		Path conf = prefix.resolve("nginx.conf");
		Files.writeString(conf, config);
		Files.deleteIfExists(prefix.resolve("nginx.out"));
		NchanTarget target = new NchanTarget(List.of(nginx.get(), "-c", conf.toString(), "-p", prefix.toString()),
				prefix, "http://127.0.0.1:" + port);
		target.launch();
		return Optional.of(target);
	}

	@Override
	public String name() {
		return "nchan";
	}

	@Override
	public void prepare(Scenario scenario) throws IOException, InterruptedException {
		// a fresh scenario meets a just-started nginx, as it does a just-started Baton and floor
		if (scenario.fresh()) {
			close();
			launch();
		}
		this.channel = scenario.name().replaceAll("\\W", "") + "_" + CHANNELS.incrementAndGet();
	}

	@Override
	public String websocketUrl() {
		return this.base.replaceFirst("^http", "ws") + "/sub/" + this.channel;
	}

	@Override
	public String sseUrl() {
		return this.base + "/sub/" + this.channel;
	}

	@Override
	public String feedUrl() {
		return "";
	}

	@Override
	public String user() {
		return "nobody";
	}

	@Override
	public String password() {
		return "none";
	}

	@Override
	public boolean resumes() {
		return false;
	}

	@Override
	public boolean sequentialPosts() {
		return true;
	}

	// the same shape as Baton's event, with the benchmark's seq, and index + 1 as the update id
	@Override
	public Mono<Long> publish(int index) {
		long seq = index + 1L;
		String json = "{\"type\":\"updates_changed\",\"seq\":" + seq + ",\"update_id\":" + seq
				+ ",\"channel\":\"general\",\"action\":\"created\",\"actor\":\"bench\",\"at\":\"" + java.time.Instant.now()
				+ "\"}";
		return Http.post(this.base + "/pub/" + this.channel, null, "application/json", json).map((answer) -> {
			if (answer.status() >= 300) {
				throw new IllegalStateException("Nchan publish answered " + answer.status());
			}
			return seq;
		});
	}

	@Override
	public long pid() {
		return this.nginx.pid();
	}

	@Override
	public ServerFigures figures() {
		return new ServerFigures(Probe.cpuSeconds(pid()), -1, -1, Probe.rssMiB(pid()), -1, -1, -1, -1, -1);
	}

	@Override
	public double liveHeapKiB() {
		return -1;
	}

	@Override
	public void finish() {
		// one nginx serves every scenario; each has its own channel
	}

	@Override
	public void close() {
		this.nginx.destroy();
		try {
			if (!this.nginx.waitFor(10, TimeUnit.SECONDS)) {
				this.nginx.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.nginx.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private void launch() throws IOException, InterruptedException {
		this.nginx = new ProcessBuilder(this.command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.prefix.resolve("nginx.out").toFile()))
			.start();
		try {
			awaitListening();
		}
		catch (RuntimeException | Error ex) {
			close();
			throw ex;
		}
	}

	private void awaitListening() throws InterruptedException {
		for (int i = 0; i < 50; i++) {
			if (!this.nginx.isAlive()) {
				throw new IllegalStateException("nginx exited with " + this.nginx.exitValue() + "; see target/bench/nchan/");
			}
			Http.Answer answer = Http.get(this.base + "/pub/probe", null)
				.onErrorResume((ex) -> Mono.empty())
				.block(Duration.ofSeconds(2));
			if (answer != null) {
				return;
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("nginx did not start listening");
	}

	private static Optional<String> which(String program) {
		for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin")) {
			if (Files.isExecutable(Path.of(dir, program))) {
				return Optional.of(dir + "/" + program);
			}
		}
		return Optional.empty();
	}

}
