/**
 * Who is here and what is new: presence per channel across instances (through PostgreSQL),
 * who is typing, and each person's unread posts per channel. What a stream gets of these arrives
 * as {@link dev.baton.presence.Signal}s, outside the event log, only on streams that ask.
 */
package dev.baton.presence;
