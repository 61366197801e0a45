package dev.baton.bench;

import java.util.BitSet;
import java.util.Map;

import reactor.core.Disposable;

/**
 * One subscriber's state in a generator, kept tiny so that one process holds thousands: what it
 * received is summarised as a count, the last seq, a fingerprint of the update ids and a flag for
 * any seq that did not increase (a duplicate or a reordering). Written only by its connection's
 * event-loop thread; read by the command thread after the events it waits for.
 */
final class Subscriber {

	/**
	 * {@code RETRYING}: a reconnection attempt failed and another one is due; {@code FAILED}: it
	 * could not connect, and no attempt is left.
	 */
	enum State { NEW, OPEN, RETRYING, FAILED, DROPPED, CLOSED }

	final int index;

	final boolean sse;

	final boolean stalled;

	volatile State state = State.NEW;

	volatile int count;

	volatile long lastSeq;

	volatile long fingerprint;

	volatile boolean disorder;

	volatile int resyncs;

	volatile int connects;

	/** For page clients: the newest update id their last fetch of the feed showed. */
	volatile long shown = -1;

	/** For page clients: an event came while a fetch was under way, so fetch again after it. */
	volatile boolean dirty;

	/** For page clients: whether a fetch is already scheduled (a burst of events folds into one). */
	volatile boolean fetching;

	/**
	 * For page clients given HTML on their stream: the list they show, as update id → a hash of
	 * the item's markup. Guarded by the subscriber's monitor (events and a resync's fetch both write it).
	 */
	Map<Long, Long> items;

	volatile Disposable connection;

	/** When its stream last opened ({@link System#nanoTime()}). */
	volatile long openedAt;

	/**
	 * In a churn, whether it joined during it (opened after the others) or left (closed on
	 * purpose): such a subscriber has part of the posts, and is checked apart from the others.
	 */
	volatile boolean joined;

	volatile boolean left;

	/** Whether it was open when {@link Ephemeral}'s counts began: only those still open at the end count for a rate. */
	volatile boolean counted;

	/** {@code presence} or {@code typing} events since the counts began. */
	volatile int ephemeral;

	/** When the last of them came, and the shortest time between two of them, in nanoseconds. */
	volatile long lastEphemeralAt;

	volatile long shortestGap = Long.MAX_VALUE;

	/** For typing: the typists seen in a {@code typing} event since the counts began, by number. */
	volatile BitSet typists = new BitSet();

	/** For typing: how many users its last {@code typing} event listed. */
	volatile int typing;

	/**
	 * The connection attempt whose events count: a new one for every attempt and for every cut,
	 * so that events still in flight on a connection this client has given up on are ignored,
	 * as a browser ignores a closed EventSource or WebSocket.
	 */
	volatile int generation;

	Subscriber(int index, boolean sse, boolean stalled) {
		this.index = index;
		this.sse = sse;
		this.stalled = stalled;
	}

	/** Records one event; returns false for a resync or a seq that did not increase. */
	boolean receive(long seq, long updateId) {
		if (seq <= this.lastSeq) {
			this.disorder = true;
			return false;
		}
		this.lastSeq = seq;
		this.count++;
		this.fingerprint += Wire.mix(updateId);
		return true;
	}

	boolean churned() {
		return this.joined || this.left;
	}

	boolean live() {
		return this.state == State.OPEN && !this.stalled;
	}

}
