/**
 * The transports: SSE and WebSocket endpoints, thin adapters over one
 * {@link dev.baton.events.UpdatesStream}.
 */
package dev.baton.push;
