/**
 * Service tokens: the credentials of other services, which publish events on module channels and
 * read streams within the scope an admin gave each. Created and revoked through
 * {@code /api/tokens}; sent as {@code Authorization: Bearer …}.
 */
package dev.baton.tokens;
