package dev.baton.tokens;

/**
 * Published when a service token is revoked, so that the streams it opened on this instance end
 * at once.
 *
 * @param name the revoked token's name
 */
public record TokenRevoked(String name) {
}
