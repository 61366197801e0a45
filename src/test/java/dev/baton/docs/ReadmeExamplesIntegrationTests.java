package dev.baton.docs;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.baton.support.IntegrationTest;
import dev.baton.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The README's shell examples run as a reader pastes them: every {@code ```sh} block, in order,
 * in one bash, against this started instance. As the README's Quick start says, the examples
 * use {@code BATON} (the instance's URL) and {@code ADMIN_PASSWORD}, and its psql examples
 * {@code BATON_DB} (the database's connection string), which this test sets in the environment; {@code http://localhost:8080} written out is replaced by the instance's URL, and
 * {@code SEQ} (the resume point a reader types in) is the first {@code id:} the first background
 * subscription printed. curl runs with {@code --fail-with-body --silent --show-error} (from a
 * {@code .curlrc}), so an error answer fails its example.
 * <p>
 * HTML comments on the lines right before a block's fence say how to run it:
 * <ul>
 * <li>{@code <!-- not run: reason -->}: skipped, and listed with its reason;</li>
 * <li>{@code <!-- in the background -->}: a stream, as in a second terminal: started, awaited
 * until it prints something, and ended when the other blocks are done;</li>
 * <li>{@code <!-- expect: regex -->}: its output must contain a match (for a background block,
 * within 10 seconds of the others being done);</li>
 * <li>{@code <!-- exit: N -->}: it must exit with N (otherwise 0).</li>
 * </ul>
 */
class ReadmeExamplesIntegrationTests extends IntegrationTest {

	private static final Pattern MARKER = Pattern.compile("<!-- (not run: .+|in the background|expect: .+|exit: \\d+) -->");

	private static final Duration TIMEOUT = Duration.ofSeconds(120);

	@Test
	void everyShellExampleRunsAsPasted(@TempDir Path dir) throws Exception {
		List<Block> blocks = Block.parse(Files.readString(Path.of("README.md")));
		List<Block> skipped = blocks.stream().filter(block -> block.skipReason() != null).toList();
		skipped.forEach(block -> System.out.printf("[readme] not run: the block at line %d: %s%n", block.line(),
				block.skipReason()));
		System.out.printf("[readme] %d shell blocks, %d run, %d not run%n", blocks.size(),
				blocks.size() - skipped.size(), skipped.size());
		assertThat(blocks.size() - skipped.size()).as("blocks run").isGreaterThanOrEqualTo(8);

		forgetWhatTheExamplesCreate();
		Files.writeString(dir.resolve(".curlrc"), "fail-with-body\nsilent\nshow-error\n");
		Files.writeString(dir.resolve("examples.sh"), script(blocks, dir));
		ProcessBuilder bash = new ProcessBuilder("bash", dir.resolve("examples.sh").toString()).directory(dir.toFile())
			.redirectOutput(dir.resolve("stdout").toFile())
			.redirectError(dir.resolve("stderr").toFile());
		bash.environment()
			.putAll(Map.of("BATON", base(), "ADMIN_PASSWORD", ADMIN_PASSWORD, "CURL_HOME", dir.toString(), "BATON_DB",
					database()));
		Process process = bash.start();
		try {
			awaitForeground(process, dir, blocks);
			awaitBackground(dir, blocks);
		}
		finally {
			process.descendants().forEach(ProcessHandle::destroy);
			process.destroy();
		}
	}

	private void awaitForeground(Process process, Path dir, List<Block> blocks) throws Exception {
		Instant deadline = Instant.now().plus(TIMEOUT);
		while (!read(dir.resolve("stdout")).contains("\n::done::\n")) {
			if (!process.isAlive() || Instant.now().isAfter(deadline)) {
				fail("%s%n--- stderr ---%n%s", failure(read(dir.resolve("stdout")), blocks, process.isAlive()),
						read(dir.resolve("stderr")));
			}
			Thread.sleep(100);
		}
		String stdout = read(dir.resolve("stdout"));
		for (Block block : blocks) {
			if (block.skipReason() == null && !block.background()) {
				String output = outputOf(stdout, block).orElseThrow();
				block.expected().forEach(expected -> assertThat(Pattern.compile(expected).matcher(output).find())
					.as("the block at line %d prints a match of %s; it printed:%n%s", block.line(), expected, output)
					.isTrue());
			}
		}
	}

	private void awaitBackground(Path dir, List<Block> blocks) throws Exception {
		for (Block block : blocks) {
			if (block.skipReason() == null && block.background()) {
				Path output = dir.resolve("background-" + block.line());
				Instant deadline = Instant.now().plusSeconds(10);
				while (!block.expected().stream().allMatch(expected -> Pattern.compile(expected).matcher(read(output)).find())
						&& Instant.now().isBefore(deadline)) {
					Thread.sleep(100);
				}
				block.expected().forEach(expected -> assertThat(Pattern.compile(expected).matcher(read(output)).find())
					.as("the background block at line %d prints a match of %s; it printed:%n%s", block.line(), expected,
							read(output))
					.isTrue());
			}
		}
	}

	// the foreground blocks in order, each between markers; each background block into its own file
	private String script(List<Block> blocks, Path dir) {
		StringBuilder script = new StringBuilder("set -eo pipefail\n");
		Block firstBackground = null;
		for (Block block : blocks) {
			if (block.skipReason() != null) {
				continue;
			}
			String code = block.code().replace("http://localhost:8080", base());
			if (firstBackground != null) {
				script.append("SEQ=$(sed -n '/^id:/{s/^id://p;q}' background-%d)\n".formatted(firstBackground.line()));
			}
			if (block.background()) {
				firstBackground = (firstBackground != null) ? firstBackground : block;
				String out = "background-" + block.line();
				script.append("(\n%s\n) > %s 2>&1 &\n".formatted(code, out))
					.append("for i in $(seq 100); do [ -s %s ] && break; sleep 0.1; done\n".formatted(out))
					.append("[ -s %s ] || { echo 'the background block at line %d printed nothing' >&2; exit 1; }\n"
						.formatted(out, block.line()));
				continue;
			}
			script.append("printf '\\n::begin %d::\\n'\n".formatted(block.line()));
			if (block.exit() == 0) {
				script.append(code).append('\n');
			}
			else {
				script.append("set +e\n(\n%s\n)\nrc=$?\nset -e\n".formatted(code))
					.append("[ $rc -eq %d ] || { echo \"the block at line %d exited with $rc, not %d\" >&2; exit 1; }\n"
						.formatted(block.exit(), block.line(), block.exit()));
			}
			script.append("printf '\\n::end %d::\\n'\n".formatted(block.line()));
		}
		return script.append("printf '\\n::done::\\n'\nwait\n").toString();
	}

	private static String failure(String stdout, List<Block> blocks, boolean timedOut) {
		Matcher begun = Pattern.compile("\n::begin (\\d+)::\n").matcher(stdout);
		String last = null;
		while (begun.find()) {
			last = begun.group(1);
		}
		if (last != null && !stdout.contains("\n::end " + last + "::\n")) {
			String output = stdout.substring(stdout.lastIndexOf("\n::begin " + last + "::\n"));
			return "The README's block at line %s %s:%n%s".formatted(last, timedOut ? "did not end" : "failed",
					output);
		}
		return "The README's examples stopped after the block at line %s:%n%s".formatted(last, stdout);
	}

	private static Optional<String> outputOf(String stdout, Block block) {
		String begin = "\n::begin " + block.line() + "::\n";
		int start = stdout.indexOf(begin);
		int end = stdout.indexOf("\n::end " + block.line() + "::\n");
		return (start < 0 || end < 0) ? Optional.empty() : Optional.of(stdout.substring(start + begin.length(), end));
	}

	// a second run of the examples on the same database finds them new again
	private void forgetWhatTheExamplesCreate() {
		List.of("ana", "bo").forEach(user -> client().send("DELETE", "/api/users/" + user, null));
		List.of("DELETE FROM channel_permissions WHERE channel = 'orders'",
				"DELETE FROM channels WHERE name IN ('engineering', 'orders')",
				"DELETE FROM service_tokens WHERE name = 'orders-service'",
				"DELETE FROM publish_keys WHERE publisher = 'token:orders-service'",
				"DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'orders_app') THEN "
						+ "DROP OWNED BY orders_app; DROP ROLE orders_app; END IF; END $$")
			.forEach(statement -> this.db.sql(statement).then().block());
	}

	// the connection string the README's psql examples use, as Baton logs it for the embedded default
	private static String database() {
		TestDatabase.Settings settings = TestDatabase.settings();
		URI uri = URI.create(settings.r2dbcUrl().substring("r2dbc:".length()));
		String password = settings.password().isEmpty() ? "" : " password=" + settings.password();
		return "host=%s port=%d dbname=%s user=%s%s".formatted(uri.getHost(), uri.getPort(), uri.getPath().substring(1),
				settings.username(), password);
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

	private static String read(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A {@code ```sh} block of the README.
	 *
	 * @param line the line of its opening fence
	 * @param code what is in it
	 * @param skipReason why it is not run, or null
	 * @param background whether it runs in the background
	 * @param expected patterns its output must contain a match of
	 * @param exit the exit status it must end with
	 */
	record Block(int line, String code, String skipReason, boolean background, List<String> expected, int exit) {

		static List<Block> parse(String readme) {
			String[] lines = readme.split("\n", -1);
			List<Block> blocks = new ArrayList<>();
			for (int i = 0; i < lines.length; i++) {
				if (lines[i].equals("```sh")) {
					int end = i + 1;
					while (!lines[end].equals("```")) {
						end++;
					}
					blocks.add(of(i + 1, String.join("\n", List.of(lines).subList(i + 1, end)), markers(lines, i)));
					i = end;
				}
			}
			return blocks;
		}

		private static List<String> markers(String[] lines, int fence) {
			List<String> markers = new ArrayList<>();
			for (int i = fence - 1; i >= 0 && lines[i].startsWith("<!--"); i--) {
				Matcher marker = MARKER.matcher(lines[i]);
				if (!marker.matches()) {
					throw new IllegalStateException("Line %d: not a marker this test knows: %s".formatted(i + 1, lines[i]));
				}
				markers.add(0, marker.group(1));
			}
			return markers;
		}

		private static Block of(int line, String code, List<String> markers) {
			String skip = null;
			boolean background = false;
			List<String> expected = new ArrayList<>();
			int exit = 0;
			for (String marker : markers) {
				if (marker.startsWith("not run: ")) {
					skip = marker.substring("not run: ".length());
				}
				else if (marker.equals("in the background")) {
					background = true;
				}
				else if (marker.startsWith("expect: ")) {
					expected.add(marker.substring("expect: ".length()));
				}
				else {
					exit = Integer.parseInt(marker.substring("exit: ".length()));
				}
			}
			return new Block(line, code, skip, background, expected, exit);
		}

	}

}
