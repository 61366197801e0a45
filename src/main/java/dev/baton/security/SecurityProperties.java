package dev.baton.security;

import java.time.Duration;
import java.util.List;

import dev.baton.configuration.WebOrigin;
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
 */
@ConfigurationProperties("baton.security")
@Validated
public record SecurityProperties(@DefaultValue List<@WebOrigin String> allowedOrigins,
		@DefaultValue("1m") @DurationMin(seconds = 0) Duration credentialCacheTtl) {
}
