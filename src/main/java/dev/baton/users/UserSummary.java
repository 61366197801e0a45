package dev.baton.users;

import java.time.Instant;

/** A user as the API shows it: never the password hash. */
public record UserSummary(String username, Role role, Instant createdAt) {
}
