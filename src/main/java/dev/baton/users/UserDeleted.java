package dev.baton.users;

/**
 * Published when a user is deleted, so that whatever remembers their sign-in forgets it.
 *
 * @param username the deleted user
 */
public record UserDeleted(String username) {
}
