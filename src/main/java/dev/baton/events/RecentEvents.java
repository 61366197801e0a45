package dev.baton.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The newest events published (or handed over by the relay at start-up), without gaps in seq, so
 * that a subscriber resuming a little way behind (most of them, after a reconnect) replays from
 * memory instead of reading the log.
 */
final class RecentEvents {

	private final UpdateEvent[] ring;

	// the seq of the oldest and newest event held; first > last when none is
	private long first = 1;

	private long last = 0;

	RecentEvents(int capacity) {
		this.ring = new UpdateEvent[capacity];
	}

	/** Holds {@code event}, the next in seq; after a gap, only what follows it is held. */
	synchronized void add(UpdateEvent event) {
		if (event.seq() != this.last + 1 || this.first > this.last) {
			this.first = event.seq();
		}
		this.last = event.seq();
		this.ring[slot(event.seq())] = event;
		this.first = Math.max(this.first, this.last - this.ring.length + 1);
	}

	/**
	 * The events after {@code seq} in {@code channels} (all when empty), if every event after it
	 * is held and none is older than {@code notBefore}; empty when the log must be read instead.
	 */
	synchronized Optional<List<UpdateEvent>> after(long seq, Set<String> channels, Instant notBefore) {
		if (this.first > this.last || seq < this.first - 1 || seq > this.last
				|| (seq < this.last && this.ring[slot(seq + 1)].at().isBefore(notBefore))) {
			return Optional.empty();
		}
		// each update as the newest event held shows it (none once deleted), as the log shows it
		Map<Long, UpdateContent> newest = new HashMap<>();
		for (long next = this.last; next > seq; next--) {
			UpdateEvent event = this.ring[slot(next)];
			if (!newest.containsKey(event.updateId())) {
				newest.put(event.updateId(), (event.action() != Action.DELETED) ? event.content() : null);
			}
		}
		List<UpdateEvent> events = new ArrayList<>();
		for (long next = seq + 1; next <= this.last; next++) {
			UpdateEvent event = this.ring[slot(next)];
			if (channels.isEmpty() || channels.contains(event.channel())) {
				UpdateContent now = newest.get(event.updateId());
				events.add((now == event.content()) ? event : event.showing(now));
			}
		}
		return Optional.of(events);
	}

	private int slot(long seq) {
		return (int) (seq % this.ring.length);
	}

}
