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
	 * Each shows its update as the newest of them does (none once deleted), as the log does.
	 */
	Optional<List<UpdateEvent>> after(long seq, Set<String> channels, Instant notBefore) {
		return held(seq, channels, notBefore).map(RecentEvents::asTheyAreNow);
	}

	private synchronized Optional<List<UpdateEvent>> held(long seq, Set<String> channels, Instant notBefore) {
		if (this.first > this.last || seq < this.first - 1 || seq > this.last
				|| (seq < this.last && this.ring[slot(seq + 1)].at().isBefore(notBefore))) {
			return Optional.empty();
		}
		List<UpdateEvent> events = new ArrayList<>();
		for (long next = seq + 1; next <= this.last; next++) {
			UpdateEvent event = this.ring[slot(next)];
			if (channels.isEmpty() || channels.contains(event.channel())) {
				events.add(event);
			}
		}
		return Optional.of(events);
	}

	// outside the lock the relay publishes under; an update stays in its channel, so the newest
	// event of each is among those of the same channels
	private static List<UpdateEvent> asTheyAreNow(List<UpdateEvent> events) {
		Map<Long, UpdateContent> newest = new HashMap<>();
		for (int i = events.size() - 1; i >= 0; i--) {
			UpdateEvent event = events.get(i);
			if (!newest.containsKey(event.updateId())) {
				newest.put(event.updateId(), (event.action() != Action.DELETED) ? event.content() : null);
			}
		}
		List<UpdateEvent> now = new ArrayList<>(events.size());
		for (UpdateEvent event : events) {
			UpdateContent content = newest.get(event.updateId());
			now.add((content == event.content()) ? event : event.showing(content));
		}
		return now;
	}

	private int slot(long seq) {
		return (int) (seq % this.ring.length);
	}

}
