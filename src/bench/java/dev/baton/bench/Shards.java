package dev.baton.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.DoubleStream;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

/**
 * The coordinator's side of the generator processes: forks them (one per
 * {@value #PER_PROCESS} subscribers, since a process holds at most ~19,900 sockets here), sends
 * each the same command line, and merges their answers. Quitting closes their input, which ends
 * them; any still alive after that is killed.
 */
final class Shards implements AutoCloseable {

	/** Subscribers per generator process: under the 20,000 open files a process may have. */
	static final int PER_PROCESS = 15_000;

	private final List<Process> processes = new ArrayList<>();

	private final List<PrintWriter> inputs = new ArrayList<>();

	private final List<BlockingQueue<String>> outputs = new ArrayList<>();

	private Shards() {
	}

	static Shards start(Settings settings, Target target, Scenario scenario) throws IOException {
		return start(settings, target, scenario, List.of());
	}

	/** With {@code extra} generator arguments ({@code key=value}), the same for each. */
	static Shards start(Settings settings, Target target, Scenario scenario, List<String> extra) throws IOException {
		Shards shards = new Shards();
		int processes = processes(scenario);
		Path logs = Files.createDirectories(settings.out().resolve("logs"));
		try {
			for (int p = 0; p < processes; p++) {
				int first = scenario.subscribers() * p / processes;
				int count = scenario.subscribers() * (p + 1) / processes - first;
				List<String> arguments = new ArrayList<>(arguments(settings, target, scenario, p, first, count));
				arguments.addAll(extra);
				shards.fork(settings, arguments,
						logs.resolve("generator-" + target.name() + "-" + scenario.name() + "-" + p + ".log"));
			}
		}
		catch (IOException | RuntimeException ex) {
			shards.close();
			throw ex;
		}
		return shards;
	}

	/** How many generator processes hold the scenario's subscribers. */
	static int processes(Scenario scenario) {
		return Math.max(1, (scenario.subscribers() + PER_PROCESS - 1) / PER_PROCESS);
	}

	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static List<String> arguments(Settings settings, Target target, Scenario scenario, int process, int first,
			int count) {
		List<String> bind = new ArrayList<>();
		for (int a = 0; a < 4; a++) {
			bind.add("127.0." + (10 + process) + "." + (10 + a));
		}
		return List.of("ws=" + target.websocketUrl(), "sse=" + target.sseUrl(), "feed=" + target.feedUrl(),
				"user=" + target.user(), "password=" + target.password(), "first=" + first, "count=" + count,
				"sseShare=" + scenario.sseShare(), "stallEvery=" + scenario.stallEvery(), "bind=" + String.join(",", bind),
				"resume=" + target.resumes(), "connect=" + (settings.burst() ? "burst" : "paced"), "process=" + process);
	}

	private void fork(Settings settings, List<String> arguments, Path log) throws IOException {
		List<String> command = new ArrayList<>(List.of(java()));
		command.addAll(Arrays.asList(settings.generatorJvm().split("\\s+")));
		command.addAll(List.of("-Dlogback.configurationFile=" + settings.basedir().resolve("src/bench/logback.xml"),
				"-cp", System.getProperty("java.class.path"), Generator.class.getName()));
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
		BlockingQueue<String> output = new LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> read(process, output), "generator-output-" + this.processes.size());
		reader.setDaemon(true);
		reader.start();
		this.processes.add(process);
		this.inputs.add(new PrintWriter(process.getOutputStream(), true));
		this.outputs.add(output);
	}

	int size() {
		return this.processes.size();
	}

	/** Sends one command line to every generator. */
	synchronized void send(String line) {
		for (PrintWriter input : this.inputs) {
			input.println(line);
		}
	}

	/**
	 * Waits for each generator's next line starting with {@code prefix}; lines starting with
	 * {@code progress} are merged and handed to {@code progress} on the way.
	 */
	List<String> expect(String prefix, long timeoutSeconds, Progress progress) throws InterruptedException {
		List<String> answers = new ArrayList<>();
		Map<Integer, long[]> latest = new HashMap<>();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
		for (int i = 0; i < this.outputs.size(); i++) {
			String line;
			do {
				line = this.outputs.get(i).poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				if (line == null) {
					throw new IllegalStateException("generator " + i + " did not answer '" + prefix + "' in "
							+ timeoutSeconds + " s; see target/bench/logs/");
				}
				if (line.startsWith("progress ") && progress != null) {
					String[] words = line.split(" ");
					latest.put(i, new long[] { Long.parseLong(words[1]), Long.parseLong(words[2]) });
					progress.report(latest.values().stream().mapToLong((v) -> v[0]).sum(),
							latest.values().stream().mapToLong((v) -> v[1]).sum());
				}
			}
			while (!line.startsWith(prefix));
			answers.add(line);
		}
		return answers;
	}

	/** Sends {@code command} and merges each generator's {@code hist} answer. */
	Histogram histogram(String command, long timeoutSeconds) throws InterruptedException {
		send(command);
		return merge(expect("hist ", timeoutSeconds, null));
	}

	static Histogram merge(List<String> lines) {
		Histogram total = new Histogram(3);
		for (String line : lines) {
			byte[] bytes = Base64.getDecoder().decode(line.substring(line.indexOf(' ') + 1));
			try {
				total.add(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0));
			}
			catch (DataFormatException ex) {
				throw new IllegalStateException("a generator sent a broken histogram", ex);
			}
		}
		return total;
	}

	/** Sums the {@code key=value} figures of one answer per generator. */
	static Map<String, Double> sum(List<String> lines) {
		Map<String, Double> sums = new HashMap<>();
		for (String line : lines) {
			for (String word : line.split(" ")) {
				int equals = word.indexOf('=');
				if (equals > 0) {
					sums.merge(word.substring(0, equals), Double.parseDouble(word.substring(equals + 1)), Double::sum);
				}
			}
		}
		return sums;
	}

	/** The largest value of {@code key} in the {@code key=value} figures of the answers. */
	static double max(List<String> lines, String key) {
		return values(lines, key).max().orElse(0);
	}

	/** The value of {@code key} in each answer's {@code key=value} figures. */
	static DoubleStream values(List<String> lines, String key) {
		return lines.stream().mapToDouble((line) -> sum(List.of(line)).getOrDefault(key, 0.0));
	}

	@Override
	public void close() {
		for (PrintWriter input : this.inputs) {
			input.println("quit");
			input.close();
		}
		for (Process process : this.processes) {
			try {
				if (!process.waitFor(15, TimeUnit.SECONDS)) {
					process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void read(Process process, BlockingQueue<String> output) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				output.add(line);
			}
		}
		catch (IOException ex) {
			// the process ended
		}
	}

	/** Receives the merged count of open and failed subscribers while they connect. */
	interface Progress {

		void report(long open, long failed);

	}

}
