package dev.baton.publishing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.baton.database.DatabaseProperties;
import dev.baton.events.ChannelEvent;
import dev.baton.events.EventLog;
import dev.baton.limits.PublishRate;
import dev.baton.problems.Problem;
import dev.baton.updates.Actor;
import dev.baton.updates.Channels;
import dev.baton.updates.IdempotencyKeys;
import dev.baton.updates.UnknownChannelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Publishes events on module channels for the HTTP API and the WebSocket, into the event log
 * through the same function as every other event. Each publish is its own short transaction,
 * so it holds the seq lock only while it commits.
 */
@Service
public class Publishing {

	private static final Logger logger = LoggerFactory.getLogger(Publishing.class);

	private final EventLog log;

	private final Channels channels;

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	private final JsonMapper json;

	private final long maxPayload;

	private final Duration timeout;

	private final PublishRate rate;

	Publishing(EventLog log, Channels channels, DatabaseClient db, TransactionalOperator transactions, JsonMapper json,
			PublishProperties properties, DatabaseProperties database, PublishRate rate) {
		this.log = log;
		this.channels = channels;
		this.db = db;
		this.transactions = transactions;
		this.json = json;
		this.maxPayload = properties.maxPayload().toBytes();
		this.timeout = database.timeout();
		this.rate = rate;
	}

	/**
	 * Publishes {@code event} on {@code channel} as {@code actor}: a module channel they may
	 * publish on, else a 404 (unknown), 400 (a feed channel) or 403 problem; over the publisher's
	 * rate, a 429; data over the limit is a 413.
	 * @param idempotencyKey the publisher's name for this request, or {@code null}: a key they used
	 * in the last {@link IdempotencyKeys#LIFETIME} answers with that event and publishes nothing; one that
	 * named another event is a 409
	 */
	public Mono<ChannelEvent> publish(String channel, NewEvent event, Actor actor, String idempotencyKey) {
		String data = this.json.writeValueAsString(event.data());
		int size = data.getBytes(StandardCharsets.UTF_8).length;
		if (size > this.maxPayload) {
			return Mono.error(new Problem(HttpStatus.CONTENT_TOO_LARGE,
					"The data of event '%s' is %d bytes of JSON, more than the limit of %d".formatted(event.event(), size,
							this.maxPayload)));
		}
		ChannelEvent.Publisher publisher = (actor.token() != null) ? ChannelEvent.Publisher.token(actor.name())
				: ChannelEvent.Publisher.user(actor.name());
		// what a repeat of the key must match; the database keeps its SHA-256
		String request = channel + '\n' + event.event() + '\n' + data;
		return Mono.defer(() -> this.rate.acquire(publisher.qualifiedName()))
			.then(this.channels.require(channel))
			// the channel names the resource published to, so an unknown one is not found
			.onErrorMap(UnknownChannelException.class,
					unknown -> new Problem(HttpStatus.NOT_FOUND, "Unknown channel '%s'".formatted(channel)))
			.flatMap(found -> found.feed() ? Mono.error(new Problem(HttpStatus.BAD_REQUEST,
					"Channel '%s' is a feed channel: events are published on module channels".formatted(channel)))
					: Mono.just(found))
			.flatMap(found -> this.channels.mayPublish(actor, found) ? Mono.just(found)
					: Mono.error(new Problem(HttpStatus.FORBIDDEN, "You may not publish on '%s'".formatted(channel))))
			.then(Mono.defer(() -> (idempotencyKey == null) ? append(channel, event, data, publisher, null, request)
					: keyed(publisher, idempotencyKey, request)
						.switchIfEmpty(Mono.defer(() -> append(channel, event, data, publisher, idempotencyKey, request)))
						.onErrorResume(DuplicateKeyException.class, taken -> keyed(publisher, idempotencyKey, request))))
			.timeout(this.timeout);
	}

	private Mono<ChannelEvent> append(String channel, NewEvent event, String data, ChannelEvent.Publisher publisher,
			String idempotencyKey, String request) {
		Mono<ChannelEvent> appended = this.log.publish(channel, event.event(), data, publisher);
		if (idempotencyKey != null) {
			// an expired key is free again; a live one fails the insert, and its event is read after
			appended = this.db
				.sql("DELETE FROM publish_keys WHERE publisher = :publisher AND key = :key "
						+ "AND created_at <= now() - make_interval(secs => :lifetime)")
				.bind("publisher", publisher.qualifiedName())
				.bind("key", idempotencyKey)
				.bind("lifetime", (double) IdempotencyKeys.LIFETIME.toSeconds())
				.then()
				.then(appended)
				.flatMap(published -> this.db
					.sql("INSERT INTO publish_keys (publisher, key, seq, request_hash) "
							+ "VALUES (:publisher, :key, :seq, sha256(convert_to(:request, 'UTF8')))")
					.bind("publisher", publisher.qualifiedName())
					.bind("key", idempotencyKey)
					.bind("seq", published.seq())
					.bind("request", request)
					.then()
					.thenReturn(published));
		}
		return appended.as(this.transactions::transactional);
	}

	// the event this publisher published with this key within its lifetime; a 409 when the key
	// named another request, a 410 when the log no longer holds the event
	private Mono<ChannelEvent> keyed(ChannelEvent.Publisher publisher, String idempotencyKey, String request) {
		return this.db
			.sql("SELECT seq, request_hash = sha256(convert_to(:request, 'UTF8')) AS same FROM publish_keys "
					+ "WHERE publisher = :publisher AND key = :key AND created_at > now() - make_interval(secs => :lifetime)")
			.bind("request", request)
			.bind("publisher", publisher.qualifiedName())
			.bind("key", idempotencyKey)
			.bind("lifetime", (double) IdempotencyKeys.LIFETIME.toSeconds())
			.map(row -> new Keyed(row.get("seq", Long.class), row.get("same", Boolean.class)))
			.one()
			.flatMap(keyed -> !keyed.same()
					? Mono.error(new Problem(HttpStatus.CONFLICT,
							"Idempotency key '%s' already names another event".formatted(idempotencyKey)))
					: this.log.find(keyed.seq())
						.cast(ChannelEvent.class)
						.switchIfEmpty(Mono.error(() -> new Problem(HttpStatus.GONE,
								"Idempotency key '%s' named event %d, which the log no longer holds".formatted(idempotencyKey,
										keyed.seq())))));
	}

	// Every instance deletes the keys past their lifetime once an hour; deleting what another
	// already deleted is harmless. Spring subscribes the returned Mono again at every tick.
	@Scheduled(fixedDelay = 1, initialDelay = 1, timeUnit = TimeUnit.HOURS)
	Mono<Long> forgetExpiredKeys() {
		return Mono.defer(() -> this.db.sql("DELETE FROM publish_keys WHERE created_at <= now() - make_interval(secs => :lifetime)")
			.bind("lifetime", (double) IdempotencyKeys.LIFETIME.toSeconds())
			.fetch()
			.rowsUpdated())
			.onErrorResume(failed -> {
				logger.warn("Could not delete expired idempotency keys of published events: {}", failed.toString());
				return Mono.empty();
			});
	}

	private record Keyed(long seq, boolean same) {
	}

}
