package dev.baton.security;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;

import dev.baton.users.NewUser;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks a username and password against the users in PostgreSQL with bcrypt. An unknown user
 * costs one bcrypt check, as a known one does, so the time of a refusal does not tell whether the
 * user exists; a name that no user can have (the users table's pattern) or a password bcrypt
 * cannot take (over 72 bytes) is refused without a look-up. The checks run on {@code scheduler},
 * whose threads and queue are bounded: a burst of sign-ins may not take every core from the
 * streams. The signed-in {@link Authentication} holds the name and roles only, never the hash,
 * since it is kept in the browser's session.
 */
final class PasswordCheck implements ReactiveAuthenticationManager {

	private static final Pattern USERNAME = Pattern.compile(NewUser.USERNAME);

	private static final int BCRYPT_MAX_BYTES = 72;

	private final ReactiveUserDetailsService users;

	private final PasswordEncoder passwords;

	private final Scheduler scheduler;

	// what an unknown user's password is checked against: a hash of a password nobody knows
	private final String unknownUserHash;

	PasswordCheck(ReactiveUserDetailsService users, PasswordEncoder passwords, Scheduler scheduler) {
		this.users = users;
		this.passwords = passwords;
		this.scheduler = scheduler;
		this.unknownUserHash = passwords.encode(UUID.randomUUID().toString());
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		String username = authentication.getName();
		String password = String.valueOf(authentication.getCredentials());
		if (!possibleUsername(username) || password.getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES) {
			return Mono.error(new BadCredentialsException("Invalid username or password"));
		}
		return this.users.findByUsername(username)
			.map(user -> new Candidate(user, user.getPassword()))
			.defaultIfEmpty(new Candidate(null, this.unknownUserHash))
			.publishOn(this.scheduler)
			.filter(candidate -> this.passwords.matches(password, candidate.hash()) && candidate.user() != null)
			.<Authentication>map(candidate -> UsernamePasswordAuthenticationToken.authenticated(
					candidate.user().getUsername(), null, candidate.user().getAuthorities()))
			.switchIfEmpty(Mono.error(() -> new BadCredentialsException("Invalid username or password")))
			.onErrorMap(RejectedExecutionException.class, busy -> new SignInThrottledException(1));
	}

	/** Whether a user may have this name (the users table's pattern). */
	static boolean possibleUsername(String username) {
		return !username.isEmpty() && username.length() <= NewUser.MAX_USERNAME_LENGTH && USERNAME.matcher(username).matches();
	}

	private record Candidate(UserDetails user, String hash) {
	}

}
