package dev.baton.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.baton.problems.InvalidField;
import dev.baton.problems.Problem;
import dev.baton.updates.Actor;
import dev.baton.updates.Channels;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * The service tokens. A token's secret is shown once, when it is created, and stored as its
 * SHA-256: the secret is 256 random bits, so a fast hash is as safe as a slow one and lets every
 * request be checked cheaply. A checked token is remembered for {@link #REMEMBERED}, so a
 * revocation reaches every instance within that time; the instance that revokes forgets it at once.
 */
@Component
public class ServiceTokens {

	/** How long a checked token is remembered without reading the database again. */
	public static final Duration REMEMBERED = Duration.ofSeconds(5);

	/** What every secret starts with, so that a leaked one is recognised for what it is. */
	static final String PREFIX = "baton_";

	private static final int MAX_REMEMBERED = 10_000;

	private static final Pattern SECRET = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");

	private static final String COLUMNS = "id, name, publish, read, created_by, created_at, revoked_at";

	private final SecureRandom random = new SecureRandom();

	private final DatabaseClient db;

	private final Channels channels;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

	// counts revocations, so that a check that read a token before its revocation does not remember it
	private final AtomicLong revocations = new AtomicLong();

	ServiceTokens(DatabaseClient db, Channels channels, ApplicationEventPublisher events) {
		this.db = db;
		this.channels = channels;
		this.events = events;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Creates a token for the channels it names, which must exist: those it publishes on must be
	 * module channels. The answer carries its secret, which is not kept.
	 */
	public Mono<TokenSummary> create(NewToken request, String admin) {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Set<String> publish = new LinkedHashSet<>(request.publish());
		Set<String> read = new LinkedHashSet<>(request.read());
		return checkScope(publish, read)
			.then(this.db.sql("INSERT INTO service_tokens (name, secret_hash, publish, read, created_by) "
					+ "VALUES (:name, :hash, :publish, :read, :admin) RETURNING " + COLUMNS)
				.bind("name", request.name())
				.bind("hash", hash(secret))
				.bind("publish", publish.toArray(String[]::new))
				.bind("read", read.toArray(String[]::new))
				.bind("admin", admin)
				.map(ServiceTokens::summary)
				.one())
			.onErrorMap(DuplicateKeyException.class,
					ex -> new Problem(HttpStatus.CONFLICT, "A token named '%s' already exists".formatted(request.name())))
			.map(token -> token.withSecret(secret));
	}

	/** Every token, valid and revoked, newest first, without secrets. */
	public Flux<TokenSummary> all() {
		return this.db.sql("SELECT " + COLUMNS + " FROM service_tokens ORDER BY id DESC").map(ServiceTokens::summary).all();
	}

	/** Revokes a token: refused from now on here, within {@link #REMEMBERED} everywhere. */
	public Mono<Void> revoke(long id) {
		return this.db.sql("UPDATE service_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = :id RETURNING name")
			.bind("id", id)
			.map(row -> row.get("name", String.class))
			.one()
			.switchIfEmpty(Mono.error(() -> new Problem(HttpStatus.NOT_FOUND, "No token with id " + id)))
			.doOnNext(name -> {
				this.revocations.incrementAndGet();
				this.remembered.values().removeIf(token -> token.authentication().getName().equals(name));
				this.events.publishEvent(new TokenRevoked(name));
			})
			.then();
	}

	/** The authentication of a valid token's secret; empty for any other secret. */
	public Mono<Authentication> authenticate(String secret) {
		// what was never a secret costs no query
		if (!SECRET.matcher(secret).matches()) {
			return Mono.empty();
		}
		String hash = HexFormat.of().formatHex(hash(secret));
		Remembered known = this.remembered.get(hash);
		Instant now = this.clock.instant();
		if (known != null && known.until().isAfter(now)) {
			return Mono.just(known.authentication());
		}
		// a token revoked while it was read is not remembered
		long revoked = this.revocations.get();
		return this.db.sql("SELECT " + COLUMNS + " FROM service_tokens WHERE secret_hash = :hash AND revoked_at IS NULL")
			.bind("hash", hash(secret))
			.map(ServiceTokens::summary)
			.one()
			.map(ServiceTokens::authentication)
			.doOnNext(authentication -> {
				if (this.remembered.size() >= MAX_REMEMBERED) {
					this.remembered.clear();
				}
				this.remembered.put(hash, new Remembered(authentication, now.plus(REMEMBERED)));
				if (this.revocations.get() != revoked) {
					this.remembered.remove(hash);
				}
			});
	}

	/** Which of the tokens named {@code names} are still valid. */
	public Mono<Set<String>> valid(Set<String> names) {
		if (names.isEmpty()) {
			return Mono.just(Set.of());
		}
		return this.db.sql("SELECT name FROM service_tokens WHERE name = ANY(:names) AND revoked_at IS NULL")
			.bind("names", names.toArray(String[]::new))
			.map(row -> row.get("name", String.class))
			.all()
			.collect(Collectors.toSet());
	}

	private Mono<Void> checkScope(Set<String> publish, Set<String> read) {
		return Flux.fromIterable(publish)
			.concatMap(name -> this.channels.require(name)
				.filter(channel -> !channel.feed())
				.switchIfEmpty(Mono.error(() -> InvalidField.problem(List.of(new InvalidField("publish",
						"'%s' is a feed channel: tokens publish on module channels".formatted(name)))))))
			.then(this.channels.requireAll(read));
	}

	private static Authentication authentication(TokenSummary token) {
		List<SimpleGrantedAuthority> authorities = new ArrayList<>();
		authorities.add(new SimpleGrantedAuthority(Actor.TOKEN));
		token.publish().forEach(channel -> authorities.add(new SimpleGrantedAuthority(Actor.PUBLISH + channel)));
		token.read().forEach(channel -> authorities.add(new SimpleGrantedAuthority(Actor.READ + channel)));
		return UsernamePasswordAuthenticationToken.authenticated(token.name(), null, authorities);
	}

	private static TokenSummary summary(Readable row) {
		return new TokenSummary(row.get("id", Long.class), row.get("name", String.class),
				Arrays.asList(row.get("publish", String[].class)), Arrays.asList(row.get("read", String[].class)),
				row.get("created_by", String.class), row.get("created_at", Instant.class),
				row.get("revoked_at", Instant.class), null);
	}

	private static byte[] hash(String secret) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	private record Remembered(Authentication authentication, Instant until) {
	}

}
