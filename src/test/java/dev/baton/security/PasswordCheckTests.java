package dev.baton.security;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordCheckTests {

	private final AtomicInteger hashed = new AtomicInteger();

	// counts the slow part, so that its cost shows without timing anything
	private final PasswordEncoder encoder = new PasswordEncoder() {

		@Override
		public String encode(CharSequence raw) {
			return "hash:" + raw;
		}

		@Override
		public boolean matches(CharSequence raw, String encoded) {
			PasswordCheckTests.this.hashed.incrementAndGet();
			return encoded.equals("hash:" + raw);
		}

	};

	private final ReactiveUserDetailsService users = (name) -> "ana".equals(name)
			? Mono.just(User.withUsername("ana").password("hash:right").roles("MEMBER").build()) : Mono.empty();

	private final PasswordCheck check = new PasswordCheck(this.users, this.encoder, Schedulers.immediate());

	@Test
	void anUnknownUserCostsOneHashCheckLikeAKnownOne() {
		StepVerifier.create(this.check.authenticate(token("ana", "wrong"))).expectError(BadCredentialsException.class).verify();
		assertThat(this.hashed).hasValue(1);

		StepVerifier.create(this.check.authenticate(token("nobody", "wrong"))).expectError(BadCredentialsException.class).verify();
		assertThat(this.hashed).hasValue(2);
	}

	@Test
	void theSignedInUserCarriesNoPasswordHash() {
		StepVerifier.create(this.check.authenticate(token("ana", "right")))
			.assertNext(user -> {
				assertThat(user.getName()).isEqualTo("ana");
				assertThat(user.getPrincipal()).isEqualTo("ana");
				assertThat(user.getCredentials()).isNull();
				assertThat(user.getAuthorities()).extracting("authority").containsExactly("ROLE_MEMBER");
			})
			.verifyComplete();
	}

	@Test
	void namesNoUserCanHaveAndPasswordsOver72BytesAreRefusedWithoutALookUp() {
		for (UsernamePasswordAuthenticationToken attempt : new UsernamePasswordAuthenticationToken[] {
				token("an\u0000a", "right"), token("", "right"), token("ana", "x".repeat(73)) }) {
			StepVerifier.create(this.check.authenticate(attempt)).expectError(BadCredentialsException.class).verify();
		}
		assertThat(this.hashed).hasValue(0);
	}

	private static UsernamePasswordAuthenticationToken token(String username, String password) {
		return UsernamePasswordAuthenticationToken.unauthenticated(username, password);
	}

}
