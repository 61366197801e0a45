package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

/**
 * A server under test in a JVM of its own, started with the benchmark's server flags and a GC log,
 * so that Baton and the floor are measured alike: CPU, the JIT compiler's CPU, RSS and GC pauses
 * from outside, the live heap through {@code jcmd}. Its output goes to
 * {@code target/bench/logs/NAME.log}, its GC log beside it.
 */
final class ServerJvm {

	private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

	private final Process process;

	private final Path gcLog;

	private final Path logs;

	// the JDK's own jcmd: one of another release may not read its heap
	private final String jcmd;

	private ServerJvm(Process process, Path gcLog, Path logs, Path jdk) {
		this.process = process;
		this.gcLog = gcLog;
		this.logs = logs;
		this.jcmd = jdk.resolve("bin/jcmd").toString();
	}

	/** Starts {@code JDK/bin/java FLAGS -Xlog:gc:… MAIN…} ({@code bench.jdk}), where {@code main} is {@code -jar …} or a class and its arguments. */
	static ServerJvm start(Settings settings, String name, List<String> main, Map<String, String> environment)
			throws IOException {
		Path logs = Files.createDirectories(settings.out().resolve("logs"));
		Path gcLog = logs.resolve(name + "-gc.log");
		Files.deleteIfExists(gcLog);
		List<String> command = new ArrayList<>(List.of(settings.serverJdk().resolve("bin/java").toString()));
		command.addAll(Arrays.asList(settings.serverJvm().split("\\s+")));
		command.add("-Xlog:gc:file=" + gcLog);
		command.addAll(main);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(logs.resolve(name + ".log").toFile());
		builder.environment().putAll(environment);
		return new ServerJvm(builder.start(), gcLog, logs, settings.serverJdk());
	}

	/** Waits until {@code url} gives an answer that {@code up} accepts, at most 120 s. */
	void awaitUp(String url, Predicate<Http.Answer> up) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the server exited with " + this.process.exitValue() + "; see " + this.logs);
			}
			// a health check slower than 5 s (a busy machine, a JVM still starting) is asked again
			Http.Answer answer = Http.get(url, null).timeout(Duration.ofSeconds(5))
				.onErrorResume((ex) -> Mono.empty())
				.block();
			if (answer != null && up.test(answer)) {
				return;
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("the server did not come up in 120 s; see " + this.logs);
	}

	long pid() {
		return this.process.pid();
	}

	/** The JVM's own figures; those of a database are -1. */
	ServerFigures figures() {
		double[] gc = GcLog.pauses(this.gcLog);
		return new ServerFigures(Probe.cpuSeconds(pid()), Probe.compilerCpuSeconds(pid()), -1, Probe.rssMiB(pid()), -1,
				-1, (int) gc[0], gc[1], gc[2]);
	}

	/** The live heap in KiB after a full GC, or -1 when jcmd cannot tell. */
	double liveHeapKiB() {
		jcmd("GC.run");
		Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
		return used.find() ? Double.parseDouble(used.group(1)) : -1;
	}

	void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private String jcmd(String command) {
		try {
			Process jcmd = new ProcessBuilder(this.jcmd, Long.toString(pid()), command).redirectErrorStream(true).start();
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

}
