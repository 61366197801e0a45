package dev.baton.users;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The first admin. Shares the {@code baton.security} prefix with the sign-in settings.
 *
 * @param adminPassword the password of the first admin, {@code admin}, used when that user is
 * created (from {@code BATON_ADMIN_PASSWORD}), or when {@code resetAdminPassword} is set
 * @param resetAdminPassword whether to set the password of {@code admin} at start-up even though
 * the user exists: to {@code adminPassword}, or under the embedded default without one to a newly
 * generated password, shown once; {@code admin} is created, or made an admin again, if need be
 */
// its length is checked when the password is set, since only then is it used
@ConfigurationProperties("baton.security")
@Validated
public record AdminProperties(String adminPassword, boolean resetAdminPassword) {
}
