package dev.baton.security;

import org.springframework.security.core.AuthenticationException;

/**
 * A sign-in refused without checking its password: too many recent failures from its client
 * address, or for its user from that address, or too many checks waiting. Answered {@code 429}
 * with {@code Retry-After}.
 */
final class SignInThrottledException extends AuthenticationException {

	private final long retryAfterSeconds;

	SignInThrottledException(long retryAfterSeconds) {
		super("Too many failed sign-ins; try again in %d s".formatted(retryAfterSeconds));
		this.retryAfterSeconds = retryAfterSeconds;
	}

	long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
