package dev.baton.bench;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A generator's count of the events that are not in the log ({@code presence}, {@code typing}):
 * how many each subscriber that asked for them received since the counts began, how many reached
 * streams that did not ask (there must be none), and for typing, when each subscriber first saw
 * each typist in a {@code typing} event's users, recorded in {@link Latencies} with the typist's
 * number as the id, so the latency is from that typist's command (the coordinator's {@code typed}
 * line) to the first event that names them.
 */
final class Ephemeral {

	/** The typists' user names: this, then their number. */
	static final String TYPIST = "bench-t";

	private final Latencies latencies;

	private final AtomicLong unasked = new AtomicLong();

	private volatile long since = System.nanoTime();

	Ephemeral(Latencies latencies) {
		this.latencies = latencies;
	}

	/** An ephemeral event on {@code subscriber}'s stream, which asked for it or not. */
	void event(Subscriber subscriber, String json, boolean asked) {
		if (!asked) {
			this.unasked.incrementAndGet();
			return;
		}
		long now = System.nanoTime();
		subscriber.ephemeral++;
		if (subscriber.lastEphemeralAt != 0) {
			subscriber.shortestGap = Math.min(subscriber.shortestGap, now - subscriber.lastEphemeralAt);
		}
		subscriber.lastEphemeralAt = now;
		if ("typing".equals(Wire.type(json))) {
			BitSet seen = subscriber.typists;
			subscriber.typing = Wire.typists(json, TYPIST, (typist) -> {
				if (!seen.get(typist)) {
					seen.set(typist);
					this.latencies.received(typist, now);
				}
			});
		}
	}

	/** Starts the counts again, over the subscribers open now. */
	void reset(List<Subscriber> subscribers) {
		this.since = System.nanoTime();
		for (Subscriber s : subscribers) {
			s.counted = s.state == Subscriber.State.OPEN;
			s.ephemeral = 0;
			s.lastEphemeralAt = 0;
			s.shortestGap = Long.MAX_VALUE;
			s.typists = new BitSet();
		}
	}

	/**
	 * {@code ephemeral asking=N events=E max=M unasked=U seen=P typingNow=T seconds=S shortestGapMs=G}:
	 * of the subscribers that asked, were open when the counts began and still are (N), the events
	 * they received (E), the most one received (M) and the shortest time between two events at one
	 * of them (G, -1 when none had two); events that reached streams that did not ask
	 * (U, since the start); the typists the subscribers saw (P, subscriber × typist pairs); the
	 * open subscribers whose last {@code typing} event still named someone (T); the seconds since
	 * the counts began (S).
	 */
	String stats(List<Subscriber> subscribers, Connector connector) {
		long asking = 0, events = 0, max = 0, seen = 0, typingNow = 0, shortestGap = Long.MAX_VALUE;
		for (Subscriber s : subscribers) {
			if (!connector.includes(s) || s.state != Subscriber.State.OPEN) {
				continue;
			}
			seen += s.typists.cardinality();
			typingNow += (s.typing > 0) ? 1 : 0;
			if (s.counted && !s.left) {
				asking++;
				events += s.ephemeral;
				max = Math.max(max, s.ephemeral);
				shortestGap = Math.min(shortestGap, s.shortestGap);
			}
		}
		return "ephemeral asking=" + asking + " events=" + events + " max=" + max + " unasked=" + this.unasked.get()
				+ " seen=" + seen + " typingNow=" + typingNow + " seconds=" + (System.nanoTime() - this.since) / 1e9
				+ " shortestGapMs=" + ((shortestGap == Long.MAX_VALUE) ? -1 : shortestGap / 1e6);
	}

}
