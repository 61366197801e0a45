package dev.baton.security;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.web.server.ServerWebExchange;

/**
 * Counts failed sign-ins in PostgreSQL, so that the limits hold across every instance behind a
 * load balancer, and refuses a sign-in with {@link SignInThrottledException} before its password
 * is checked when, counting the attempts still being checked as failures,
 * <ul>
 * <li>its client address failed {@code failures-per-address} times in the window, or</li>
 * <li>its user failed {@code failures-per-user} times in the window (from anywhere) and this
 * address failed for that user {@code failures-per-user-and-address} times.</li>
 * </ul>
 * An attacker can therefore not lock a user out: a correct password from an address that has not
 * itself failed that often still signs in. Counts are fixed windows per key; the client address
 * is the request's remote address, which honours forwarded headers only when
 * {@code server.forward-headers-strategy} says so.
 */
final class SignInThrottle implements ReactiveAuthenticationManager {

	private final ReactiveAuthenticationManager delegate;

	private final DatabaseClient db;

	private final SecurityProperties.SignIn limits;

	SignInThrottle(ReactiveAuthenticationManager delegate, DatabaseClient db, SecurityProperties.SignIn limits) {
		this.delegate = delegate;
		this.db = db;
		this.limits = limits;
	}

	// Each attempt is counted as a failure before its password is checked, and uncounted when it
	// succeeds or is refused: attempts sent at once each see those before them, so no more than
	// the limit are ever checked, however many arrive together.
	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		return clientAddress().map(address -> new Keys(authentication.getName(), address))
			.flatMap(keys -> counted(keys).flatMap(refusal -> refusal.isPresent()
					? uncount(keys).then(Mono.<Authentication>error(new SignInThrottledException(refusal.get())))
					: this.delegate.authenticate(authentication)
						.onErrorResume(failure -> !(failure instanceof BadCredentialsException),
								failure -> uncount(keys).then(Mono.error(failure)))
						.flatMap(signedIn -> uncount(keys).thenReturn(signedIn))));
	}

	/** Forgets failures whose window has passed. */
	@Scheduled(fixedDelayString = "${baton.security.sign-in.window:10m}")
	Mono<Long> deleteExpired() {
		return this.db.sql("DELETE FROM sign_in_failures WHERE window_start <= now() - :window * interval '1 second'")
			.bind("window", this.limits.window().toSeconds())
			.fetch()
			.rowsUpdated();
	}

	// counts this attempt; answers the seconds until it may be tried when the attempts before it
	// already reached a limit
	private Mono<Optional<Long>> counted(Keys keys) {
		return bind(this.db.sql("""
				INSERT INTO sign_in_failures (key, window_start, failures)
				VALUES (:address, now(), 1), (:user, now(), 1), (:pair, now(), 1)
				ON CONFLICT (key) DO UPDATE SET
				    failures = CASE WHEN sign_in_failures.window_start > now() - :window * interval '1 second'
				        THEN sign_in_failures.failures + 1 ELSE 1 END,
				    window_start = CASE WHEN sign_in_failures.window_start > now() - :window * interval '1 second'
				        THEN sign_in_failures.window_start ELSE now() END
				RETURNING key, failures - 1 AS before, ceil(extract(epoch FROM window_start - now())) + :window AS remaining"""),
				keys)
			.bind("window", this.limits.window().toSeconds())
			.map(row -> Map.entry(row.get("key", String.class),
					new Count(row.get("before", Integer.class), row.get("remaining", Number.class).longValue())))
			.all()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))
			.map(counts -> refusal(counts.get(keys.address()), counts.get(keys.user()), counts.get(keys.pair())));
	}

	private Optional<Long> refusal(Count address, Count user, Count pair) {
		if (address.failures() >= this.limits.failuresPerAddress()) {
			return Optional.of(Math.max(1, address.remaining()));
		}
		if (user.failures() >= this.limits.failuresPerUser()
				&& pair.failures() >= this.limits.failuresPerUserAndAddress()) {
			return Optional.of(Math.max(1, Math.min(user.remaining(), pair.remaining())));
		}
		return Optional.empty();
	}

	// an attempt that was no failure: signed in, refused unchecked, or not checked for another reason
	private Mono<Void> uncount(Keys keys) {
		return bind(this.db.sql("""
				UPDATE sign_in_failures SET failures = failures - 1
				WHERE key IN (:address, :user, :pair) AND failures > 0"""), keys).then();
	}

	private GenericExecuteSpec bind(GenericExecuteSpec statement, Keys keys) {
		return statement.bind("address", keys.address()).bind("user", keys.user()).bind("pair", keys.pair());
	}

	// the exchange is in the context of every request that passes the security filter chain
	private static Mono<String> clientAddress() {
		return Mono.deferContextual(context -> Mono.just(context.<ServerWebExchange>getOrEmpty(ServerWebExchange.class)
			.map(exchange -> exchange.getRequest().getRemoteAddress())
			.map(InetSocketAddress::getHostString)
			.orElse("unknown")));
	}

	private record Count(int failures, long remaining) {
	}

	// Keys are digests, of fixed length whatever a forwarded address holds; a name no user can
	// have (a NUL, say) counts as one name. An IPv6 client is counted by its /64, which one
	// subscriber holds whole.
	private record Keys(String address, String user, String pair) {

		Keys(String username, String clientAddress) {
			this(digest("a", network(clientAddress)), digest("u", safe(username)),
					digest("p", safe(username) + "@" + network(clientAddress)));
		}

		private static String safe(String username) {
			return PasswordCheck.possibleUsername(username) ? username : "(invalid)";
		}

		// an IPv6 literal (no name has a colon, so nothing is looked up) as its first 64 bits
		private static String network(String address) {
			if (address.indexOf(':') < 0) {
				return address;
			}
			try {
				byte[] bytes = java.net.InetAddress.getByName(address).getAddress();
				return (bytes.length == 16) ? java.util.HexFormat.of().formatHex(bytes, 0, 8) + "::/64" : address;
			}
			catch (java.net.UnknownHostException ex) {
				return address;
			}
		}

		private static String digest(String kind, String value) {
			try {
				byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
					.digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
				return kind + ":" + java.util.HexFormat.of().formatHex(hash);
			}
			catch (java.security.NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
