package dev.baton.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Real nginx ({@code /usr/sbin/nginx}, or {@code BATON_NGINX}) running {@code deploy/nginx.conf}
 * on a free loopback port, in front of the given instances, with its pid, logs and temporary
 * files under {@code target/}.
 */
public final class Nginx implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path directory;

	private Nginx(Process process, int port, Path directory) {
		this.process = process;
		this.port = port;
		this.directory = directory;
	}

	/** Starts nginx with {@code deploy/nginx.conf} proxying to the instances on {@code ports}. */
	public static Nginx start(List<Integer> ports) throws IOException, InterruptedException {
		Path directory = Files.createTempDirectory(Files.createDirectories(Path.of("target", "nginx")), "run-")
			.toAbsolutePath();
		int port = FreePort.find();
		Path conf = directory.resolve("nginx.conf");
		Files.writeString(conf, configuration(Files.readString(Path.of("deploy", "nginx.conf")), ports, port, directory));
		Process process = new ProcessBuilder(binary(), "-p", directory.toString(), "-c", conf.toString(), "-e",
				directory.resolve("error.log").toString(), "-g", "daemon off; pid " + directory.resolve("nginx.pid") + ";")
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("nginx.out").toFile())
			.start();
		Nginx nginx = new Nginx(process, port, directory);
		nginx.awaitListening();
		return nginx;
	}

	public int port() {
		return this.port;
	}

	public BatonClient client(String username, String password) {
		return BatonClient.forPort(this.port).as(username, password);
	}

	// the deployed file with the test's ports, and every path nginx writes under target/
	static String configuration(String deployed, List<Integer> ports, int port, Path directory) {
		String servers = ports.stream()
			.map(upstream -> "        server 127.0.0.1:%d max_fails=1 fail_timeout=10s;".formatted(upstream))
			.collect(Collectors.joining("\n"));
		String paths = """
				http {
				    client_body_temp_path %1$s/body;
				    proxy_temp_path %1$s/proxy;
				    # tells the test which instance answered
				    add_header X-Upstream $upstream_addr always;
				""".formatted(directory);
		return deployed.replaceAll("(?m)^\\s*server 127\\.0\\.0\\.1:808[12] .*$\\n?", "")
			.replace("keepalive 32;", "keepalive 32;\n" + servers)
			.replace("listen 8080;", "listen 127.0.0.1:" + port + ";")
			.replace("worker_processes auto;", "worker_processes 1;")
			.replaceFirst("(?m)^http \\{\\n", java.util.regex.Matcher.quoteReplacement(paths));
	}

	private static String binary() {
		String configured = System.getenv("BATON_NGINX");
		return (configured != null) ? configured : "/usr/sbin/nginx";
	}

	private void awaitListening() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("nginx exited: " + Files.readString(this.directory.resolve("nginx.out"))
						+ " (on Debian: apt-get install -y nginx-light)");
			}
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				return;
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
		throw new IllegalStateException("nginx did not listen on " + this.port);
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process.destroyForcibly();
	}

	/** What nginx wrote to its error log. */
	public String errorLog() {
		try {
			Path log = this.directory.resolve("error.log");
			return Files.exists(log) ? Files.readString(log) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
