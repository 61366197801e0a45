/**
 * The event path: the {@code update_events} log, the relay that turns PostgreSQL notifications
 * into events, and the one shared stream every transport reads.
 */
package dev.baton.events;
