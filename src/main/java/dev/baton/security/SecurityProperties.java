package dev.baton.security;

import java.time.Duration;
import java.util.List;

import dev.baton.configuration.WebOrigin;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sign-in settings.
 *
 * @param allowedOrigins the origins whose pages may open a WebSocket, each
 * {@code scheme://host[:port]}; empty means only the service's own origin
 * @param credentialCacheTtl how long a successful password check is remembered, so that HTTP
 * Basic clients do not pay for bcrypt on every request; zero checks every time
 * @param revocationCheck how often each instance checks that the sessions and users behind its
 * open streams and remembered sign-ins still exist; a stream whose session or user ended closes
 * within this time
 * @param signIn the throttling of failed sign-ins
 */
@ConfigurationProperties("baton.security")
@Validated
public record SecurityProperties(@DefaultValue List<@WebOrigin String> allowedOrigins,
		@DefaultValue("1m") @DurationMin(seconds = 0) Duration credentialCacheTtl,
		@DefaultValue("5s") @DurationMin(millis = 100) Duration revocationCheck, @DefaultValue @Valid SignIn signIn) {

	/**
	 * Failed sign-ins counted across every instance, in fixed windows.
	 *
	 * @param window how long failures count
	 * @param failuresPerAddress failures from one client address that stop every sign-in from it
	 * @param failuresPerUser failures for one user, from anywhere, after which an address may
	 * fail only {@code failuresPerUserAndAddress} times for that user
	 * @param failuresPerUserAndAddress see {@code failuresPerUser}
	 */
	public record SignIn(@DefaultValue("10m") @DurationMin(seconds = 1) Duration window,
			@DefaultValue("20") @Min(1) int failuresPerAddress, @DefaultValue("10") @Min(1) int failuresPerUser,
			@DefaultValue("3") @Min(1) int failuresPerUserAndAddress) {
	}

}
