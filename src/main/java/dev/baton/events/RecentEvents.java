package dev.baton.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The newest events published (or handed over by the relay at start-up), so that a subscriber
 * resuming a little way behind (most of them, after a reconnect) replays from memory instead of
 * reading the log. Each channel keeps its own newest events, so that a chatty channel does not
 * push a quiet one's out.
 */
final class RecentEvents {

	private final int perChannel;

	private final Map<String, Ring> rings = new HashMap<>();

	// every event after start was added, up to last; start < 0 before the first event
	private long start = -1;

	private long last = 0;

	RecentEvents(int perChannel) {
		this.perChannel = perChannel;
	}

	/** Holds {@code event}, the next in seq; after a gap, only what follows it is held. */
	synchronized void add(LoggedEvent event) {
		if (this.start < 0 || event.seq() != this.last + 1) {
			this.rings.clear();
			this.start = event.seq() - 1;
		}
		this.last = event.seq();
		this.rings.computeIfAbsent(event.channel(), channel -> new Ring(this.perChannel, this.start)).add(event);
	}

	/**
	 * The events after {@code seq} that {@code selection} wants, if every such event is held and
	 * none is older than {@code notBefore}; empty when the log must be read instead. Each update's
	 * event shows its update as the newest of them does (none once deleted), as the log does.
	 */
	Optional<List<LoggedEvent>> after(long seq, Selection selection, Instant notBefore) {
		return held(seq, selection, notBefore).map(RecentEvents::asTheyAreNow);
	}

	private synchronized Optional<List<LoggedEvent>> held(long seq, Selection selection, Instant notBefore) {
		if (this.start < 0 || seq < this.start || seq > this.last) {
			return Optional.empty();
		}
		List<LoggedEvent> events = new ArrayList<>();
		for (Ring ring : this.rings.values()) {
			if (!ring.collect(seq, selection, events)) {
				return Optional.empty();
			}
		}
		events.sort(Comparator.comparingLong(LoggedEvent::seq));
		if (!events.isEmpty() && events.get(0).at().isBefore(notBefore)) {
			return Optional.empty();
		}
		return Optional.of(events);
	}

	// outside the lock the relay publishes under; an update stays in its channel, so the newest
	// event of each is among those of the same channels
	private static List<LoggedEvent> asTheyAreNow(List<LoggedEvent> events) {
		Map<Long, UpdateContent> newest = new HashMap<>();
		for (int i = events.size() - 1; i >= 0; i--) {
			if (events.get(i) instanceof UpdateEvent event && !newest.containsKey(event.updateId())) {
				newest.put(event.updateId(), (event.action() != Action.DELETED) ? event.content() : null);
			}
		}
		List<LoggedEvent> now = new ArrayList<>(events.size());
		for (LoggedEvent event : events) {
			if (event instanceof UpdateEvent update && newest.get(update.updateId()) != update.content()) {
				now.add(update.showing(newest.get(update.updateId())));
			}
			else {
				now.add(event);
			}
		}
		return now;
	}

	/** The newest events of one channel, oldest first. */
	private static final class Ring {

		private final LoggedEvent[] events;

		private int count;

		private int next;

		// every event of the channel after it is held
		private long horizon;

		Ring(int capacity, long start) {
			this.events = new LoggedEvent[capacity];
			this.horizon = start;
		}

		void add(LoggedEvent event) {
			LoggedEvent evicted = this.events[this.next];
			if (evicted != null) {
				this.horizon = evicted.seq();
			}
			this.events[this.next] = event;
			this.next = (this.next + 1) % this.events.length;
			this.count = Math.min(this.count + 1, this.events.length);
		}

		// adds the held events after seq that selection wants; false if one may be missing
		boolean collect(long seq, Selection selection, List<LoggedEvent> into) {
			for (int i = 0; i < this.count; i++) {
				LoggedEvent event = this.events[Math.floorMod(this.next - this.count + i, this.events.length)];
				if (event.seq() > seq && selection.wants(event)) {
					into.add(event);
				}
			}
			// the events of one channel are all wanted or none are: a channel the selection does not
			// want may have lost events it would not replay anyway
			return seq >= this.horizon || !selection.wants(this.events[Math.floorMod(this.next - 1, this.events.length)]);
		}

	}

}
