package dev.baton.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's settings, from {@code -Dbench.*} system properties (an empty value means unset,
 * since the Maven profile passes every one of them).
 *
 * @param scenarios the scenarios to run, in order
 * @param url a deployment to measure instead of starting the jar, or null
 * @param user the user subscribers and posts use against {@code url}
 * @param password its password
 * @param jar the packaged jar under test
 * @param serverJdk the JDK the server JVMs (Baton's and the floor's) run on
 * @param serverJvm the server JVM's flags
 * @param generatorJvm each generator JVM's flags
 * @param nchan whether to run Nchan as a peer where it applies
 * @param floor whether to run the floor ({@link FloorServer}) as a peer where it applies
 * @param burst whether subscribers open all at once, without retries, each handshake failing after
 *     {@value GeneratorSettings#BURST_HANDSHAKE_SECONDS} s, as a deploy's reconnecting clients do;
 *     otherwise paced, a bounded number of handshakes in flight per generator
 * @param database an external PostgreSQL for the server, as {@code postgresql://user:password@host:port/db}, or null
 * @param out where reports go
 * @param basedir the project directory
 * @param overrides scenario parameters given on the command line
 */
record Settings(List<String> scenarios, String url, String user, String password, Path jar, Path serverJdk,
		String serverJvm, String generatorJvm, boolean nchan, boolean floor, boolean burst, String database, Path out, Path basedir,
		Overrides overrides) {

	static final List<String> DEFAULT_SCENARIOS = List.of("fanout-5k", "fanout-19k", "idle", "stalled", "polling");

	static final String DEFAULT_SERVER_JVM = "-Xmx1g -XX:+UseG1GC";

	static Settings fromSystemProperties() {
		Path basedir = Path.of(property("bench.basedir", ".")).toAbsolutePath().normalize();
		return new Settings(Arrays.asList(property("bench.scenarios", String.join(",", DEFAULT_SCENARIOS)).split(",")),
				property("bench.url", null), property("bench.user", null), property("bench.password", null),
				Path.of(property("bench.jar", basedir.resolve("target/baton-0.1.0-SNAPSHOT.jar").toString())),
				Path.of(property("bench.jdk", System.getProperty("java.home"))), property("bench.jvm", DEFAULT_SERVER_JVM), property("bench.generator-jvm", "-Xmx1g -XX:+UseParallelGC"),
				Boolean.parseBoolean(property("bench.nchan", "true")), Boolean.parseBoolean(property("bench.floor", "true")),
				burst(property("bench.connect", "paced")), property("bench.database", null),
				basedir.resolve("target/bench"), basedir, Overrides.fromSystemProperties());
	}

	private static boolean burst(String connect) {
		return switch (connect) {
			case "paced" -> false;
			case "burst" -> true;
			default -> throw new IllegalArgumentException("bench.connect is paced or burst, not " + connect);
		};
	}

	/** Whether the benchmark measures a deployment at a URL instead of starting its own. */
	boolean remote() {
		return this.url != null;
	}

	static String property(String name, String fallback) {
		String value = System.getProperty(name);
		return (value == null || value.isBlank()) ? fallback : value.trim();
	}

	/**
	 * Scenario parameters set on the command line; each replaces the scenario's own when present.
	 *
	 * @param subscribers {@code bench.subscribers}
	 * @param sseShare {@code bench.sse-share}, 0 to 1
	 * @param posts {@code bench.posts}
	 * @param rate {@code bench.rate}, posts per second
	 * @param durationSeconds {@code bench.duration}, seconds
	 */
	record Overrides(Integer subscribers, Double sseShare, Integer posts, Double rate, Integer durationSeconds) {

		static Overrides fromSystemProperties() {
			String subscribers = property("bench.subscribers", null);
			String share = property("bench.sse-share", null);
			String posts = property("bench.posts", null);
			String rate = property("bench.rate", null);
			String duration = property("bench.duration", null);
			return new Overrides((subscribers != null) ? Integer.valueOf(subscribers) : null,
					(share != null) ? Double.valueOf(share) : null, (posts != null) ? Integer.valueOf(posts) : null,
					(rate != null) ? Double.valueOf(rate) : null, (duration != null) ? Integer.valueOf(duration) : null);
		}

	}

}
