package dev.baton.bench;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * A generator's share of a churn: every second, {@code rate} of its subscribers leave (the
 * longest open first, their connection closed as a closing tab's is) and as many new ones join,
 * each opening a stream as a page does, without a resume point. Through {@link GeneratorSettings#user},
 * the joiners are users who were not there (or left long enough ago), so that presence changes.
 * Joiners and leavers are marked, so that the checks of the posts hold the others to every post
 * and the joiners to every post sent after they opened.
 */
final class Churn {

	private static final Duration TICK = Duration.ofMillis(50);

	private final GeneratorSettings settings;

	private final Connector connector;

	private final List<Subscriber> subscribers;

	private final Deque<Subscriber> oldestFirst = new ArrayDeque<>();

	private int nextIndex;

	private long left;

	private long joined;

	private Disposable ticking;

	/** {@code subscribers} is the generator's list, which joiners are added to; it must allow that while read. */
	Churn(GeneratorSettings settings, Connector connector, List<Subscriber> subscribers) {
		this.settings = settings;
		this.connector = connector;
		this.subscribers = subscribers;
		this.nextIndex = settings.first() + settings.count();
	}

	void start(double perSecond) {
		stop();
		this.subscribers.stream().filter((s) -> s.state == Subscriber.State.OPEN && !s.churned())
			.forEach(this.oldestFirst::add);
		long started = System.nanoTime();
		long leftBefore = this.left;
		// due by the clock, not by ticks, so a late tick catches up instead of lowering the rate
		this.ticking = Flux.interval(TICK).subscribe((tick) -> {
			long due = leftBefore + (long) (perSecond * (System.nanoTime() - started) / 1e9);
			while (this.left < due && leave()) {
				this.left++;
			}
			while (this.joined < due) {
				join();
			}
		});
	}

	private boolean leave() {
		for (Subscriber s = this.oldestFirst.poll(); s != null; s = this.oldestFirst.poll()) {
			if (s.state == Subscriber.State.OPEN) {
				s.left = true;
				this.connector.close(s);
				return true;
			}
		}
		return false;
	}

	private void join() {
		int index = this.nextIndex++;
		Subscriber joiner = new Subscriber(index, this.settings.sse(index), false);
		joiner.joined = true;
		this.subscribers.add(joiner);
		this.oldestFirst.add(joiner);
		this.joined++;
		this.connector.open(joiner).subscribe();
	}

	/** Stops; {@code churned left=L joined=J joinFailed=F}. */
	String stop() {
		if (this.ticking != null) {
			this.ticking.dispose();
			this.ticking = null;
		}
		long failed = this.subscribers.stream().filter((s) -> s.joined && s.state == Subscriber.State.FAILED).count();
		return "churned left=" + this.left + " joined=" + this.joined + " joinFailed=" + failed;
	}

}
