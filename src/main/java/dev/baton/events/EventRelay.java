package dev.baton.events;

import java.time.Duration;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Wrapped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The only way events enter the {@link UpdatesStream}: one dedicated LISTEN connection per
 * instance, outside the pool. A notification, or a periodic probe, triggers a read of the log
 * after the last relayed seq, so a lost notification only delays an event. A failed or
 * half-open connection is replaced with backoff and followed by the same catch-up read.
 */
@Component
class EventRelay implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(EventRelay.class);

	private final ConnectionFactory listenConnections;

	private final EventLog log;

	private final UpdatesStream stream;

	private final RelayProperties properties;

	private final Counter reconnects;

	private volatile Disposable running;

	EventRelay(ConnectionFactory connectionFactory, EventLog log, UpdatesStream stream, RelayProperties properties,
			MeterRegistry meters) {
		this.listenConnections = unpooled(connectionFactory);
		this.log = log;
		this.stream = stream;
		this.properties = properties;
		this.reconnects = meters.counter("baton.relay.reconnects");
	}

	@Override
	public void start() {
		this.running = Flux.usingWhen(this.listenConnections.create(), this::relay, Connection::close)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, this.properties.minBackoff())
				.maxBackoff(this.properties.maxBackoff())
				.transientErrors(true)
				.doBeforeRetry(signal -> {
					this.reconnects.increment();
					logger.warn("LISTEN connection lost, reconnecting: {}", signal.failure().toString());
				}))
			.subscribe();
	}

	@Override
	public void stop() {
		this.running.dispose();
	}

	@Override
	public boolean isRunning() {
		return this.running != null && !this.running.isDisposed();
	}

	// Starts before the web server accepts subscribers and stops after it has stopped.
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private Flux<Long> relay(Connection connection) {
		PostgresqlConnection listener = (PostgresqlConnection) connection;
		Flux<Trigger> notified = listener.getNotifications()
			.map(notification -> Trigger.NOTIFIED)
			.concatWith(Mono.error(() -> new IllegalStateException("LISTEN connection closed")));
		Flux<Trigger> probes = Flux.interval(Duration.ZERO, this.properties.probeInterval())
			.map(tick -> Trigger.PROBE)
			.onBackpressureDrop();
		return listener.createStatement("LISTEN " + EventLog.NOTIFICATION_CHANNEL)
			.execute()
			.flatMap(Result::getRowsUpdated)
			.thenMany(Flux.merge(notified, probes))
			.onBackpressureLatest()
			.concatMap(trigger -> probe(listener, trigger).then(catchUp()), 1);
	}

	private Mono<Void> probe(PostgresqlConnection listener, Trigger trigger) {
		if (trigger != Trigger.PROBE) {
			return Mono.empty();
		}
		return listener.createStatement("SELECT 1")
			.execute()
			.flatMap(result -> result.map((row, metadata) -> 1))
			.then()
			.timeout(this.properties.probeTimeout());
	}

	private Mono<Long> catchUp() {
		long after = this.stream.lastRelayed();
		Flux<UpdateEvent> events = (after < 0)
				? this.log.bounds().doOnNext(bounds -> this.stream.startAt(bounds.last())).thenMany(Flux.empty())
				: this.log.after(after, Set.of()).doOnNext(this.stream::publish);
		return events.count().timeout(this.properties.probeTimeout());
	}

	private static ConnectionFactory unpooled(ConnectionFactory connectionFactory) {
		ConnectionFactory target = connectionFactory;
		while (target instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof ConnectionFactory unwrapped) {
			target = unwrapped;
		}
		return target;
	}

	private enum Trigger {

		NOTIFIED, PROBE

	}

}
