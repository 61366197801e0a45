package dev.baton.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/** Events a test subscriber has received, with the moment each arrived. */
public final class Received {

	private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();

	void add(String json) {
		this.queue.add(new Event(BatonClient.JSON.readTree(json), System.nanoTime()));
	}

	/** Waits for {@code count} more events, failing after {@code timeout}. */
	public List<Event> await(int count, Duration timeout) {
		List<Event> events = new ArrayList<>();
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			while (events.size() < count) {
				Event event = this.queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				if (event == null) {
					throw new AssertionError("received %d of %d events in %s: %s".formatted(events.size(), count,
							timeout, events));
				}
				events.add(event);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return events;
	}

	/** The next event, failing after {@code timeout}. */
	public Event next(Duration timeout) {
		return await(1, timeout).get(0);
	}

	/**
	 * The first event that {@code wanted} accepts, skipping the others, failing after
	 * {@code timeout} with what was skipped.
	 */
	public Event until(Predicate<Event> wanted, Duration timeout) {
		List<Event> skipped = new ArrayList<>();
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			while (true) {
				Event event = this.queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				if (event == null) {
					throw new AssertionError("no wanted event in %s; received: %s".formatted(timeout, skipped));
				}
				if (wanted.test(event)) {
					return event;
				}
				skipped.add(event);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Events that arrived within {@code quiet} of each other, none expected after. */
	public List<Event> drain(Duration quiet) {
		List<Event> events = new ArrayList<>();
		try {
			Event event;
			while ((event = this.queue.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
				events.add(event);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return events;
	}

	/** One received event and the {@link System#nanoTime()} it arrived at. */
	public record Event(JsonNode json, long receivedAt) {

		public long seq() {
			return this.json.get("seq").asLong();
		}

		public String type() {
			return this.json.get("type").asString();
		}

		@Override
		public String toString() {
			return this.json.toString();
		}

	}

}
