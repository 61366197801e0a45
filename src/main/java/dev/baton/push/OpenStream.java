package dev.baton.push;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.baton.limits.StreamLimitException;
import dev.baton.limits.StreamPermits;
import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.SignalType;

/**
 * One stream, from the moment a permit lets it open until it closes, the one owner of its
 * lifetime: it holds its permit ({@link StreamPermits}), moves the stream meters
 * ({@link OpenStreams}) and logs one line when it opens and one when it closes, with
 * transport, user, channels, resume point, duration, events sent and why it closed, as
 * key-value pairs that structured logging writes as fields. Nothing secret is in them: the user
 * is a name, never a credential or session id.
 */
final class OpenStream implements Disposable {

	private static final Logger logger = LoggerFactory.getLogger(OpenStream.class);

	private final Transport transport;

	private final String user;

	private final String channels;

	private final String resumeAfter;

	private final List<AtomicInteger> subscribers;

	private final AtomicInteger streams;

	private final Counter connects;

	private final Counter deliveries;

	private final StreamPermits permits;

	// taken by admit(), given back when the stream closes
	private volatile Disposable permit;

	private static final int NEW = 0;

	private static final int OPEN = 1;

	private static final int CLOSED = 2;

	// one state, so that opening and closing cannot cross: a stream that closed is never opened
	private final AtomicInteger state = new AtomicInteger(NEW);

	private volatile long started;

	// written by the one thread at a time that sends this stream's frames
	private volatile long sent;

	private volatile String reason;

	private volatile Integer closeCode;

	OpenStream(Transport transport, String user, Set<String> channels, OptionalLong resumeAfter,
			List<AtomicInteger> subscribers, AtomicInteger streams, Counter connects, Counter deliveries,
			StreamPermits permits) {
		this.transport = transport;
		this.user = user;
		this.channels = channels.isEmpty() ? OpenStreams.ALL_CHANNELS : String.join(",", channels);
		this.resumeAfter = resumeAfter.isPresent() ? Long.toString(resumeAfter.getAsLong()) : "none";
		this.subscribers = subscribers;
		this.streams = streams;
		this.connects = connects;
		this.deliveries = deliveries;
		this.permits = permits;
	}

	/**
	 * Takes the stream's permit, given back when it closes.
	 * @throws StreamLimitException when over a limit
	 */
	void admit() {
		this.permit = this.permits.take(this.user);
	}

	/** The stream has its permit and starts: counted as open from now, and logged. */
	void opened() {
		this.started = System.nanoTime();
		if (this.state.compareAndSet(NEW, OPEN)) {
			this.subscribers.forEach(AtomicInteger::incrementAndGet);
			this.streams.incrementAndGet();
			this.connects.increment();
			logger.atInfo()
				.addKeyValue("transport", this.transport.tag())
				.addKeyValue("user", this.user)
				.addKeyValue("channels", this.channels)
				.addKeyValue("resume_after", this.resumeAfter)
				.log("Stream opened: transport={} user={} channels={} resume_after={}", this.transport.tag(), this.user,
						this.channels, this.resumeAfter);
		}
	}

	/** Counts one event written to the client; returns its frame, for use in the {@code map} building it. */
	<T> T sent(T frame) {
		this.sent++;
		this.deliveries.increment();
		return frame;
	}

	/** Why the stream ends, as decided first; later reasons are ignored. */
	void closing(String reason, Integer closeCode) {
		if (this.reason == null) {
			this.closeCode = closeCode;
			this.reason = reason;
		}
	}

	/**
	 * The stream has ended, or will not start: its permit given back, and, if it had opened, no
	 * longer counted as open, and logged; once.
	 */
	void closed(SignalType signal) {
		int was = this.state.getAndSet(CLOSED);
		if (was == CLOSED) {
			return;
		}
		Disposable permit = this.permit;
		if (permit != null) {
			permit.dispose();
		}
		if (was == OPEN) {
			this.subscribers.forEach(AtomicInteger::decrementAndGet);
			this.streams.decrementAndGet();
			Duration duration = Duration.ofNanos(System.nanoTime() - this.started);
			String reason = (this.reason != null) ? this.reason : fallbackReason(signal);
			logger.atInfo()
				.addKeyValue("transport", this.transport.tag())
				.addKeyValue("user", this.user)
				.addKeyValue("channels", this.channels)
				.addKeyValue("resume_after", this.resumeAfter)
				.addKeyValue("duration_ms", duration.toMillis())
				.addKeyValue("events_sent", this.sent)
				.addKeyValue("close_code", this.closeCode)
				.addKeyValue("close_reason", reason)
				.log("Stream closed: transport={} user={} channels={} resume_after={} duration_ms={} events_sent={} "
						+ "close_code={} close_reason={}", this.transport.tag(), this.user, this.channels, this.resumeAfter,
						duration.toMillis(), this.sent, this.closeCode, reason);
		}
	}

	/** Closes the stream as a client that left would: for a connection that ends before it. */
	@Override
	public void dispose() {
		closed(SignalType.CANCEL);
	}

	private static String fallbackReason(SignalType signal) {
		return switch (signal) {
			case CANCEL -> "client left";
			case ON_ERROR -> "error";
			default -> "completed";
		};
	}

}
