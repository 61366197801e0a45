package dev.baton.bench;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import reactor.core.Exceptions;

/**
 * Failed handshakes counted by what a client could tell of each: the HTTP status the server
 * answered, a timeout, or the exception (its class and message without addresses, so that the same
 * failure on many connections is one reason). A generator counts its own and answers them on one
 * line, {@code failures COUNT REASON|COUNT REASON...}; the coordinator sums those lines.
 */
final class HandshakeFailures {

	private static final Pattern ADDRESS = Pattern.compile("\\S*/\\d{1,3}(\\.\\d{1,3}){3}(:\\d+)?");

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	private final String timeout;

	HandshakeFailures(Duration timeout) {
		this.timeout = "timeout (over " + timeout.toSeconds() + " s)";
	}

	void count(Throwable failure) {
		this.counts.computeIfAbsent(reason(failure), (reason) -> new LongAdder()).increment();
	}

	String line() {
		StringBuilder line = new StringBuilder("failures");
		String separator = " ";
		for (Map.Entry<String, LongAdder> count : this.counts.entrySet()) {
			line.append(separator).append(count.getValue().sum()).append(' ').append(count.getKey());
			separator = "|";
		}
		return line.toString();
	}

	/** The generators' {@code failures} lines summed by reason, the most frequent first. */
	static Map<String, Long> sum(List<String> lines) {
		Map<String, Long> sums = new TreeMap<>();
		for (String line : lines) {
			String counts = line.substring("failures".length()).trim();
			for (String count : counts.isEmpty() ? new String[0] : counts.split("\\|")) {
				String[] parts = count.split(" ", 2);
				sums.merge(parts[1], Long.parseLong(parts[0]), Long::sum);
			}
		}
		Map<String, Long> sorted = new LinkedHashMap<>();
		sums.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
			.forEach((e) -> sorted.put(e.getKey(), e.getValue()));
		return sorted;
	}

	private String reason(Throwable failure) {
		Throwable ex = Exceptions.unwrap(failure);
		if (ex instanceof TimeoutException) {
			return this.timeout;
		}
		if (ex instanceof Refused refused) {
			return refused.getMessage();
		}
		if (ex instanceof WebSocketClientHandshakeException handshake && handshake.response() != null) {
			return "HTTP " + handshake.response().status().code();
		}
		String message = (ex.getMessage() != null) ? ": " + ADDRESS.matcher(ex.getMessage()).replaceAll("") : "";
		String reason = (ex.getClass().getSimpleName() + message).replaceAll("[|\\s]+", " ").replaceAll("[: ]+$", "");
		return (reason.length() > 120) ? reason.substring(0, 120) : reason;
	}

	/** A handshake the server answered but did not open: its reason is the message as it is. */
	static final class Refused extends RuntimeException {

		Refused(String reason) {
			super(reason, null, false, false);
		}

	}

}
