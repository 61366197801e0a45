/**
 * Publishing events on module channels from outside the feed: over HTTP with a service token
 * ({@code POST /api/channels/{channel}/events}) and over the WebSocket, into the one event log.
 * Modules on the same PostgreSQL publish with {@code baton.publish} in SQL instead, inside their
 * own transactions.
 */
package dev.baton.publishing;
