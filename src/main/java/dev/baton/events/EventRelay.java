package dev.baton.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import io.r2dbc.spi.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The only way events enter the {@link UpdatesStream}: one dedicated LISTEN connection per
 * instance, outside the pool, which also reads the log. A notification, or a periodic probe,
 * triggers a read of the log after the last relayed seq, so a lost notification only delays an
 * event, and a busy or broken pool never holds events back. A failed or half-open connection is
 * replaced with backoff and followed by the same catch-up read. The same connection LISTENs for
 * what instances tell each other ({@link NotificationListener}s), so that this takes no
 * connection of its own.
 */
@Component
class EventRelay extends BackgroundWork {

	/** The {@code application_name} of the LISTEN connection. */
	static final String APPLICATION_NAME = "baton-relay";

	private static final Logger logger = LoggerFactory.getLogger(EventRelay.class);

	private final ConnectionFactory listenConnections;

	private final EventLog log;

	private final UpdatesStream stream;

	private final RelayProperties properties;

	private final int replayWindow;

	private final Counter reconnects;

	private final Counter relayedEvents;

	private final Timer lag;

	private final ListenConnectionState state;

	// what else the LISTEN connection hears, by notification channel
	private final Map<String, NotificationListener> listeners;

	EventRelay(R2dbcConnectionDetails database, EventLog log, UpdatesStream stream, RelayProperties properties,
			StreamProperties streamProperties, MeterRegistry meters, ListenConnectionState state,
			List<NotificationListener> listeners) {
		this.listeners = listeners.stream().collect(Collectors.toUnmodifiableMap(NotificationListener::channel, Function.identity()));
		this.listenConnections = ConnectionFactories.get(listenerOptions(database.getConnectionFactoryOptions()));
		this.log = log;
		this.stream = stream;
		this.properties = properties;
		this.replayWindow = streamProperties.replayWindow();
		this.reconnects = meters.counter("baton.relay.reconnects");
		this.relayedEvents = meters.counter("baton.events.relayed");
		this.lag = Timer.builder("baton.relay.lag")
			.description("From an event's commit to its relay into this instance's stream")
			// buckets, from which Prometheus computes any quantile; client-side percentiles are not
			// exposed next to a histogram and cost the relay's thread for every event
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(meters);
		Gauge.builder("baton.relay.connected", state, listen -> listen.downFor().isEmpty() ? 1 : 0)
			.description("1 while the LISTEN connection listens, 0 while it is down")
			.register(meters);
		this.state = state;
	}

	@Override
	protected Flux<Long> work() {
		return Flux.usingWhen(this.listenConnections.create(), this::relay, this::close)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, this.properties.minBackoff())
				.maxBackoff(this.properties.maxBackoff())
				.transientErrors(true)
				.doBeforeRetry(signal -> {
					this.reconnects.increment();
					logger.warn("LISTEN connection lost, reconnecting: {}", signal.failure().toString());
				}));
	}

	// Starts before the web server accepts subscribers and stops after it has stopped.
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private Flux<Long> relay(Connection connection) {
		PostgresqlConnection listener = (PostgresqlConnection) connection;
		// The log is read over the LISTEN connection itself, not the pool: every read is also the
		// probe that finds a half-open connection.
		EventLog overListener = this.log.over(listener, this.listenConnections.getMetadata());
		Flux<Long> notified = listener.getNotifications()
			.filter(notification -> {
				NotificationListener other = this.listeners.get(notification.getName());
				if (other != null) {
					other.notified(notification.getParameter());
				}
				return other == null;
			})
			.map(notification -> 0L)
			.concatWith(Mono.error(() -> new IllegalStateException("LISTEN connection closed")));
		// A half-open connection times out within one probe interval, at most, and is replaced.
		Duration half = this.properties.probeInterval().dividedBy(2);
		Flux<Long> probes = Flux.interval(Duration.ZERO, half).onBackpressureDrop();
		String listen = Stream.concat(Stream.of(EventLog.NOTIFICATION_CHANNEL), this.listeners.keySet().stream().sorted())
			.map(channel -> "LISTEN " + channel)
			.collect(Collectors.joining("; "));
		return listener.createStatement(listen)
			.execute()
			.flatMap(Result::getRowsUpdated)
			.thenMany(Flux.merge(notified, probes))
			.onBackpressureLatest()
			.concatMap(trigger -> catchUp(overListener, half), 1)
			// up once the log has been read after LISTEN: from then on every commit is relayed live
			.doOnNext(relayed -> this.state.listening())
			.doFinally(signal -> this.state.lost());
	}

	// Relays what was committed after the last relayed event. The first read after start-up
	// only finds where the log ends, and hands the newest events up to there to the stream for
	// replays; subscribers replay older events themselves. The timeout applies to each event,
	// not to the whole catch-up: a long backlog is fine, a connection that stops answering is not.
	private Mono<Long> catchUp(EventLog log, Duration timeout) {
		// where the relay is: the stream's newest seq, which it has only after the first read
		OptionalLong after = this.stream.lastPublished();
		return after.isPresent() ? log.after(after.getAsLong(), Selection.everything()).timeout(timeout).doOnNext(this::relay).count()
				: log.bounds().timeout(timeout).flatMap(bounds -> remember(log, bounds.last()).timeout(timeout).count());
	}

	private Flux<LoggedEvent> remember(EventLog log, long last) {
		return log.after(Math.max(0, last - this.replayWindow), Selection.everything())
			.takeWhile(event -> event.seq() <= last)
			.doOnNext(this.stream::remember)
			.doOnComplete(() -> this.stream.handedOver(last));
	}

	// the lag is measured from the time the event was written in its transaction, close to commit
	private void relay(LoggedEvent event) {
		this.stream.publish(event);
		this.relayedEvents.increment();
		this.lag.record(Duration.between(event.at(), Instant.now()));
	}

	// A broken connection may never confirm its close: do not wait for it before reconnecting.
	private Mono<Void> close(Connection connection) {
		return Mono.from(connection.close())
			.timeout(this.properties.probeInterval())
			.onErrorResume(ex -> Mono.empty());
	}

	/**
	 * The application's database settings, without the pool and named {@value #APPLICATION_NAME}
	 * so that operators see the LISTEN connection in {@code pg_stat_activity}.
	 */
	static ConnectionFactoryOptions listenerOptions(ConnectionFactoryOptions options) {
		ConnectionFactoryOptions.Builder listener = ConnectionFactoryOptions.builder().from(options);
		if ("pool".equals(options.getValue(ConnectionFactoryOptions.DRIVER))) {
			String[] protocol = ((String) options.getRequiredValue(ConnectionFactoryOptions.PROTOCOL)).split(":", 2);
			listener.option(ConnectionFactoryOptions.DRIVER, protocol[0])
				.option(ConnectionFactoryOptions.PROTOCOL, (protocol.length == 2) ? protocol[1] : "");
		}
		return listener.option(Option.valueOf("applicationName"), APPLICATION_NAME).build();
	}

}
