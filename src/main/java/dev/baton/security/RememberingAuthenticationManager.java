package dev.baton.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.baton.users.UserDeleted;
import reactor.core.publisher.Mono;

import org.springframework.context.event.EventListener;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Checks a password with bcrypt once, then remembers the success for
 * {@code baton.security.credential-cache-ttl}. API and SSE clients send HTTP Basic credentials
 * with every request, and bcrypt takes tens of milliseconds by design: paying that on every post
 * would cap a client at a few dozen requests per second. Spring Security has no such cache for
 * reactive Basic authentication, hence this one. Only a salted SHA-256 of the password is kept,
 * and a user's entry is dropped when the user is deleted: at once on the instance that deleted
 * it, within {@code baton.security.revocation-check} on the others ({@link Revocations}).
 */
final class RememberingAuthenticationManager implements ReactiveAuthenticationManager {

	private final ReactiveAuthenticationManager delegate;

	private final Duration ttl;

	private final Clock clock;

	private final byte[] salt = new byte[16];

	private final ConcurrentHashMap<String, Remembered> remembered = new ConcurrentHashMap<>();

	// checks running now, by user and password digest
	private final ConcurrentHashMap<Attempt, Mono<Authentication>> checking = new ConcurrentHashMap<>();

	RememberingAuthenticationManager(ReactiveAuthenticationManager delegate, Duration ttl, Clock clock) {
		this.delegate = delegate;
		this.ttl = ttl;
		this.clock = clock;
		new SecureRandom().nextBytes(this.salt);
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof UsernamePasswordAuthenticationToken)
				|| !(authentication.getCredentials() instanceof String password)) {
			return this.delegate.authenticate(authentication);
		}
		String username = authentication.getName();
		byte[] digest = digest(password);
		Remembered entry = this.remembered.get(username);
		if (entry != null && entry.matches(digest, this.clock.instant())) {
			return entry.authentication();
		}
		// Requests that arrive while the check runs share it: after a restart thousands of
		// clients reconnect at once with the same credentials, and must not each pay for bcrypt.
		// A check is remembered for its user only once it succeeded, so a wrong password never
		// displaces the right one.
		return this.checking.computeIfAbsent(new Attempt(username, HexFormat.of().formatHex(digest)), attempt -> {
			Mono<Authentication> check = this.delegate.authenticate(authentication)
				.cache(authenticated -> this.ttl, failure -> Duration.ZERO, () -> Duration.ZERO);
			return check.doOnNext(authenticated -> this.remembered.put(username,
					new Remembered(digest, check, this.clock.instant().plus(this.ttl))))
				// before the outcome reaches anyone, so a check that ended is never shared again
				.doOnSuccess(outcome -> this.checking.remove(attempt))
				.doOnError(failure -> this.checking.remove(attempt))
				.cache();
		});
	}

	/** The users whose sign-ins are remembered and not yet expired. */
	Set<String> usernames() {
		Instant now = this.clock.instant();
		return this.remembered.entrySet()
			.stream()
			.filter(entry -> now.isBefore(entry.getValue().expires()))
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
	}

	/** Forgets a deleted user, so that their next request is checked against the database. */
	@EventListener(UserDeleted.class)
	void forget(UserDeleted deleted) {
		forget(deleted.username());
	}

	/** Forgets a user's sign-in: the user no longer exists, or was deleted on another instance. */
	void forget(String username) {
		this.remembered.remove(username);
	}

	private byte[] digest(String password) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(this.salt);
			return sha256.digest(password.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Attempt(String username, String digest) {
	}

	private record Remembered(byte[] digest, Mono<Authentication> authentication, Instant expires) {

		boolean matches(byte[] candidate, Instant now) {
			return now.isBefore(this.expires) && MessageDigest.isEqual(this.digest, candidate);
		}

	}

}
