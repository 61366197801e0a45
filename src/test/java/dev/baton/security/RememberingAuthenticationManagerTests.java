package dev.baton.security;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import dev.baton.support.SettableClock;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;

class RememberingAuthenticationManagerTests {

	private final AtomicInteger checks = new AtomicInteger();

	// the slow check: succeeds for the one right password, after a while
	private final ReactiveAuthenticationManager bcrypt = (authentication) -> Mono.defer(() -> {
		this.checks.incrementAndGet();
		return "right-password".equals(authentication.getCredentials())
				? Mono.<Authentication>just(UsernamePasswordAuthenticationToken.authenticated(authentication.getName(), null,
						AuthorityUtils.createAuthorityList("ROLE_MEMBER")))
				: Mono.error(new BadCredentialsException("bad"));
	}).delayElement(Duration.ofMillis(100));

	private final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:00Z"));

	private final RememberingAuthenticationManager manager = new RememberingAuthenticationManager(this.bcrypt,
			Duration.ofMinutes(1), this.clock);

	@Test
	void concurrentSignInsWithTheSameCredentialsShareOneCheck() {
		StepVerifier.create(Flux.range(0, 100).flatMap(i -> this.manager.authenticate(token("right-password"))))
			.expectNextCount(100)
			.verifyComplete();

		assertThat(this.checks).hasValue(1);
	}

	@Test
	void aRememberedSignInIsCheckedAgainAfterItsTimeToLive() {
		this.manager.authenticate(token("right-password")).block();
		this.manager.authenticate(token("right-password")).block();
		assertThat(this.checks).hasValue(1);

		this.clock.advance(Duration.ofMinutes(2));
		this.manager.authenticate(token("right-password")).block();

		assertThat(this.checks).hasValue(2);
	}

	@Test
	void wrongPasswordsAreNeverRemembered() {
		StepVerifier.create(this.manager.authenticate(token("wrong-password"))).expectError(BadCredentialsException.class).verify();
		StepVerifier.create(this.manager.authenticate(token("wrong-password"))).expectError(BadCredentialsException.class).verify();
		this.manager.authenticate(token("right-password")).block();

		assertThat(this.checks).hasValue(3);
	}

	@Test
	void aWrongPasswordDoesNotDisplaceTheRememberedRightOne() {
		this.manager.authenticate(token("right-password")).block();
		StepVerifier.create(this.manager.authenticate(token("wrong-password"))).expectError(BadCredentialsException.class).verify();
		this.manager.authenticate(token("right-password")).block();

		assertThat(this.checks).hasValue(2);
	}

	@Test
	void anExpiredSignInIsNoLongerNamedAsRemembered() {
		this.manager.authenticate(token("right-password")).block();
		assertThat(this.manager.usernames()).containsExactly("ana");

		this.clock.advance(Duration.ofMinutes(2));

		assertThat(this.manager.usernames()).isEmpty();
	}

	@Test
	void aForgottenUserIsCheckedAgain() {
		this.manager.authenticate(token("right-password")).block();
		assertThat(this.manager.usernames()).containsExactly("ana");

		this.manager.forget("ana");
		this.manager.authenticate(token("right-password")).block();

		assertThat(this.checks).hasValue(2);
	}

	private static UsernamePasswordAuthenticationToken token(String password) {
		return UsernamePasswordAuthenticationToken.unauthenticated("ana", password);
	}

}
