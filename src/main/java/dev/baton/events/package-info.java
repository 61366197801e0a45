/**
 * The event path: the {@code update_events} log of the feed's changes and of the events modules
 * publish, the relay that turns PostgreSQL notifications into events, and the one shared stream
 * every transport reads, each stream through its {@link dev.baton.events.Selection}.
 */
package dev.baton.events;
