package dev.baton.users;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The first admin. Shares the {@code baton.security} prefix with the sign-in settings.
 *
 * @param adminPassword the password of the first admin, {@code admin}, used when that user is
 * created (from {@code BATON_ADMIN_PASSWORD})
 */
// its length is checked when the admin is created, since only then is it used
@ConfigurationProperties("baton.security")
@Validated
public record AdminProperties(String adminPassword) {
}
