/**
 * The transports: SSE and WebSocket endpoints, thin adapters over one
 * {@link dev.baton.events.UpdatesStream}; each stream's log lines and metrics
 * ({@link dev.baton.push.OpenStreams}); how long a connection may wait to send its
 * request ({@link dev.baton.push.ConnectionTimeouts}). What clients send over their sockets is
 * {@link dev.baton.push.commands}.
 */
package dev.baton.push;
