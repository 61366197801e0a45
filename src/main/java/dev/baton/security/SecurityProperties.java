package dev.baton.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication settings.
 *
 * @param adminPassword the password of the first admin, {@code admin}, used when that user is
 * created (from {@code BATON_ADMIN_PASSWORD})
 * @param allowedOrigins the origins whose pages may open a WebSocket; empty means only the
 * service's own origin
 */
@ConfigurationProperties("baton.security")
public record SecurityProperties(String adminPassword, @DefaultValue List<String> allowedOrigins) {
}
