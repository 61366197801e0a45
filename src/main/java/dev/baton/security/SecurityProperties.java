package dev.baton.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in settings.
 *
 * @param allowedOrigins the origins whose pages may open a WebSocket; empty means only the
 * service's own origin
 * @param credentialCacheTtl how long a successful password check is remembered, so that HTTP
 * Basic clients do not pay for bcrypt on every request; zero checks every time
 */
@ConfigurationProperties("baton.security")
public record SecurityProperties(@DefaultValue List<String> allowedOrigins,
		@DefaultValue("1m") Duration credentialCacheTtl) {
}
