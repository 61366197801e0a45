package dev.baton.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one generator process holds, from its {@code key=value} arguments.
 *
 * @param websocket the WebSocket stream URL
 * @param sse the SSE stream URL
 * @param feed the feed fragment URL pages fetch, or empty
 * @param user the subscribers' user
 * @param password its password
 * @param first the global index of this process's first subscriber
 * @param count how many subscribers this process holds
 * @param sseShare the share of subscribers on SSE, 0 to 1
 * @param stallEvery every how many-th subscriber stops reading (0: none)
 * @param bindAddresses the loopback source addresses to spread connections over
 * @param resume whether reconnecting subscribers pass their resume point
 * @param reconnectSpreadMillis the longest random pause before a reconnect
 * @param connectConcurrency how many handshakes may be in flight at once when paced
 * @param burst whether subscribers open all at once instead (see {@link Settings#burst()})
 * @param process this generator's number, from 0
 * @param users the users subscribers are spread over ({@link Users#NONE}: all are {@code user})
 */
record GeneratorSettings(String websocket, String sse, String feed, String user, String password, int first, int count,
		double sseShare, int stallEvery, List<String> bindAddresses, boolean resume, long reconnectSpreadMillis,
		int connectConcurrency, boolean burst, int process, Users users) {

	/** The longest a handshake may take in a burst before it counts as failed. */
	static final int BURST_HANDSHAKE_SECONDS = 10;

	private static final int PACED_HANDSHAKE_SECONDS = 30;

	static GeneratorSettings parse(String[] arguments) {
		Map<String, String> map = new HashMap<>();
		for (String argument : arguments) {
			int equals = argument.indexOf('=');
			map.put(argument.substring(0, equals), argument.substring(equals + 1));
		}
		return new GeneratorSettings(map.get("ws"), map.get("sse"), map.getOrDefault("feed", ""), map.get("user"),
				map.get("password"), Integer.parseInt(map.get("first")), Integer.parseInt(map.get("count")),
				Double.parseDouble(map.get("sseShare")), Integer.parseInt(map.getOrDefault("stallEvery", "0")),
				Arrays.asList(map.get("bind").split(",")), Boolean.parseBoolean(map.getOrDefault("resume", "true")),
				Long.parseLong(map.getOrDefault("reconnectSpread", "2000")),
				Integer.parseInt(map.getOrDefault("connectConcurrency", "128")),
				map.getOrDefault("connect", "paced").equals("burst"), Integer.parseInt(map.getOrDefault("process", "0")),
				Users.parse(map.getOrDefault("users", "")));
	}

	/**
	 * The user subscriber {@code index} signs in as: {@code user}, or with {@link Users} one of
	 * this generator's own users, the next one every {@code perUser} subscribers in the order they
	 * open, wrapping around after {@code perProcess} users.
	 */
	String user(int index) {
		if (this.users.perProcess() == 0) {
			return this.user;
		}
		int slot = ((index - this.first) / this.users.perUser()) % this.users.perProcess();
		return this.users.prefix() + (this.process * this.users.perProcess() + slot);
	}

	/**
	 * Subscribers spread over many users, so that presence sees people come and go: users
	 * {@code PREFIX0}, {@code PREFIX1}..., {@code perProcess} of them for each generator, each
	 * with the same password. Given as {@code users=PREFIX:PER_PROCESS:PER_USER}.
	 *
	 * @param prefix the start of each user's name
	 * @param perProcess users per generator
	 * @param perUser subscribers per user
	 */
	record Users(String prefix, int perProcess, int perUser) {

		static final Users NONE = new Users("", 0, 1);

		static Users parse(String spec) {
			if (spec.isEmpty()) {
				return NONE;
			}
			String[] parts = spec.split(":");
			return new Users(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
		}

		String spec() {
			return this.prefix + ":" + this.perProcess + ":" + this.perUser;
		}

	}

	/** How many of {@code opening} subscribers may be in their handshake at once: all of them in a burst. */
	int inFlight(int opening) {
		return this.burst ? Math.max(1, opening) : this.connectConcurrency;
	}

	/** How long a handshake may take before it is given up on and counted as failed. */
	Duration handshakeTimeout() {
		return Duration.ofSeconds(this.burst ? BURST_HANDSHAKE_SECONDS : PACED_HANDSHAKE_SECONDS);
	}

	/** Whether the subscriber with this global index uses SSE: spread evenly, not in a block. */
	boolean sse(int index) {
		return Math.floor((index + 1) * this.sseShare) > Math.floor(index * this.sseShare);
	}

	boolean stalled(int index) {
		return this.stallEvery > 0 && index % this.stallEvery == this.stallEvery - 1;
	}

}
