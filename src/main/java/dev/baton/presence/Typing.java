package dev.baton.presence;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.baton.events.BackgroundWork;
import dev.baton.events.NotificationListener;
import dev.baton.limits.TokenBuckets;
import dev.baton.problems.InvalidField;
import dev.baton.updates.Actor;
import dev.baton.updates.Channels;
import dev.baton.updates.ForbiddenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Who is typing in each channel, through every instance, never logged. A {@code typing} command
 * is sent to every instance with NOTIFY, several in one notification; each instance keeps who
 * typed in the last {@link #EXPIRY} per channel and sends the set to that channel's streams when it
 * changes, at most every {@link #COALESCE}. More than {@link #PER_SECOND} commands a second from
 * one user are dropped: typing is a hint, not worth an error. Notifications are signed with a key
 * in the database that only Baton's role reads: any role may NOTIFY, none other may speak for a
 * person.
 */
@Component
public class Typing extends BackgroundWork implements NotificationListener {

	/** The notification channel typing goes through. */
	static final String NOTIFICATION_CHANNEL = "baton_typing";

	/** How long a user counts as typing after their last command. */
	static final Duration EXPIRY = Duration.ofSeconds(5);

	/** The least time between two typing events of one channel. */
	static final Duration COALESCE = Duration.ofMillis(300);

	/** The most typing commands of one user a second, through one instance. */
	static final int PER_SECOND = 3;

	private static final Duration TICK = Duration.ofMillis(50);

	// the longest a notification may take to send: the tick that sends it also ends typing
	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	// the most [channel, user] pairs in one notification: each is at most 40 + 64 characters and a
	// notification holds 8,000 bytes
	private static final int PER_NOTIFICATION = 50;

	// the most waiting to be sent; past it they are dropped, as the rate drops them
	private static final int MAX_WAITING = 10_000;

	private static final String HMAC = "HmacSHA256";

	private static final Logger logger = LoggerFactory.getLogger(Typing.class);

	private final Channels channels;

	private final DatabaseClient db;

	private final Signals signals;

	private final JsonMapper json;

	private final TokenBuckets rate = new TokenBuckets(PER_SECOND);

	private final Queue<List<String>> outgoing = new ConcurrentLinkedQueue<>();

	private final AtomicInteger waiting = new AtomicInteger();

	private final Map<String, ChannelTyping> typing = new ConcurrentHashMap<>();

	// read from the database at start; until then nothing is sent or taken
	private volatile SecretKeySpec key;

	Typing(Channels channels, DatabaseClient db, Signals signals, JsonMapper json) {
		this.channels = channels;
		this.db = db;
		this.signals = signals;
		this.json = json;
	}

	/**
	 * {@code actor} is typing in {@code channel}: completes empty, also when dropped for the rate;
	 * errors when the channel is missing, unknown, or one they may not post to.
	 */
	public Mono<Void> typing(Actor actor, String channel) {
		if (channel == null || channel.isBlank()) {
			return Mono.error(InvalidField.problem(List.of(new InvalidField("channel", "must name a channel"))));
		}
		return this.channels.require(channel).flatMap(found -> {
			if (actor.token() != null || !this.channels.mayPublish(actor, found)) {
				return Mono.error(new ForbiddenException("You may not post to channel '%s'".formatted(channel)));
			}
			if (this.rate.tryTake(actor.name())) {
				if (this.waiting.incrementAndGet() <= MAX_WAITING) {
					this.outgoing.add(List.of(channel, actor.name()));
				}
				else {
					this.waiting.decrementAndGet();
				}
			}
			return Mono.empty();
		});
	}

	@Override
	public String channel() {
		return NOTIFICATION_CHANNEL;
	}

	@Override
	public void notified(String payload) {
		long expires = System.nanoTime() + EXPIRY.toNanos();
		String pairs = verified(payload);
		if (pairs == null) {
			// no warning each time: a flood of forged notifications would flood the log too
			logger.debug("Ignored a typing notification that no instance signed in the last {}", EXPIRY);
			return;
		}
		try {
			for (JsonNode pair : this.json.readTree(pairs)) {
				String channel = pair.path(0).asString(null);
				String user = pair.path(1).asString(null);
				if (channel != null && user != null) {
					this.typing.computeIfAbsent(channel, name -> new ChannelTyping()).typed(user, expires);
				}
			}
		}
		catch (JacksonException ex) {
			logger.warn("Ignored a typing notification that is not JSON");
		}
	}

	@Override
	protected Flux<Long> work() {
		Mono<Void> key = this.db.sql("SELECT secret FROM notification_keys WHERE name = 'typing'")
			.map(row -> row.get("secret", String.class))
			.one()
			.doOnNext(secret -> this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC))
			.then()
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(5)));
		return key.thenMany(Flux.interval(TICK, TICK)).onBackpressureDrop().concatMap(tick -> {
			show(System.nanoTime());
			return send().onErrorResume(failed -> {
				logger.warn("Typing not sent to the other instances: {}", failed.toString());
				return Mono.empty();
			}).thenReturn(tick);
		}, 1);
	}

	// what this instance's users typed since the last tick, to every instance, itself included
	private Mono<Void> send() {
		List<List<String>> pairs = new ArrayList<>();
		for (List<String> pair = this.outgoing.poll(); pair != null; pair = this.outgoing.poll()) {
			this.waiting.decrementAndGet();
			pairs.add(pair);
		}
		List<String> payloads = new ArrayList<>();
		for (int from = 0; from < pairs.size(); from += PER_NOTIFICATION) {
			payloads.add(signed(this.json.writeValueAsString(pairs.subList(from, Math.min(pairs.size(), from + PER_NOTIFICATION)))));
		}
		return Flux.fromIterable(payloads)
			.concatMap(payload -> this.db.sql("SELECT pg_notify(:channel, :payload)")
				.bind("channel", NOTIFICATION_CHANNEL)
				.bind("payload", payload)
				.then()
				.timeout(TIMEOUT))
			.then();
	}

	// The signature, in hex, then when it was sent and the pairs: a notification someone recorded
	// and sends again later is refused as too old.
	private String signed(String pairs) {
		String message = System.currentTimeMillis() + "|" + pairs;
		return HexFormat.of().formatHex(signature(message)) + message;
	}

	// the pairs of a notification signed with the key in the last EXPIRY, or null
	private String verified(String payload) {
		int length = 2 * 32;
		int bar = payload.indexOf('|', length);
		if (this.key == null || bar < 0) {
			return null;
		}
		String message = payload.substring(length);
		try {
			byte[] given = HexFormat.of().parseHex(payload, 0, length);
			long age = System.currentTimeMillis() - Long.parseLong(payload, length, bar, 10);
			boolean recent = Math.abs(age) < EXPIRY.toMillis();
			return (recent && MessageDigest.isEqual(given, signature(message))) ? payload.substring(bar + 1) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private byte[] signature(String message) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(this.key);
			return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

	// each channel whose set changed, once its last event is COALESCE old
	private void show(long now) {
		this.typing.forEach((channel, state) -> {
			List<String> users = state.due(now);
			if (users != null) {
				this.signals.emit(Signal.of(Signal.Kind.TYPING, channel, null, new TypingEvent(channel, users), this.json));
				if (users.isEmpty()) {
					this.typing.remove(channel, state);
				}
			}
		});
	}

	/** Who types in one channel, and what its streams were last told. */
	private static final class ChannelTyping {

		private final Map<String, Long> expiries = new ConcurrentHashMap<>();

		private volatile boolean changed;

		// read and written by the tick only
		private List<String> shown = List.of();

		private long shownAt;

		void typed(String user, long expires) {
			if (this.expiries.put(user, expires) == null) {
				this.changed = true;
			}
		}

		// the users to show now, or null when there is nothing new to show yet
		List<String> due(long now) {
			if (this.expiries.entrySet().removeIf(expiry -> expiry.getValue() - now <= 0)) {
				this.changed = true;
			}
			if (!this.changed || now - this.shownAt < COALESCE.toNanos()) {
				return null;
			}
			this.changed = false;
			List<String> users = this.expiries.keySet().stream().sorted(Comparator.naturalOrder()).toList();
			if (users.equals(this.shown)) {
				return null;
			}
			this.shown = users;
			this.shownAt = now;
			return users;
		}

	}

	/** {@code {"type":"typing","channel":"general","users":["ana"]}}: who is typing there now. */
	@JsonPropertyOrder({ "type", "channel", "users" })
	record TypingEvent(String channel, List<String> users) {

		@JsonProperty("type")
		String type() {
			return Signal.Kind.TYPING.wireName();
		}

	}

}
