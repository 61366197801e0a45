package dev.baton.users;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first admin. Shares the {@code baton.security} prefix with the sign-in settings.
 *
 * @param adminPassword the password of the first admin, {@code admin}, used when that user is
 * created (from {@code BATON_ADMIN_PASSWORD})
 */
@ConfigurationProperties("baton.security")
public record AdminProperties(String adminPassword) {
}
