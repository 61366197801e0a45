package dev.baton.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in microseconds, from the moment the coordinator sent (or saw committed) a post to the
 * moment a subscriber here received it. The coordinator passes each post's times in a line after
 * the POST answered, so an event may arrive first; such receipts wait in {@code pending} and are
 * settled when the time is known. The clocks agree: {@link System#nanoTime()} is the machine's
 * monotonic clock in every process on Linux.
 */
final class Latencies {

	private final Recorder recorder = new Recorder(3);

	private final ConcurrentHashMap<Long, long[]> sent = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<long[]> pending = new ConcurrentLinkedQueue<>();

	/** Measure from the commit (the POST's answer) instead of the send: staleness, for pollers. */
	private volatile boolean fromCommit;

	private volatile boolean recording = true;

	void sent(long updateId, long sendNanos, long commitNanos) {
		this.sent.put(updateId, new long[] { sendNanos, commitNanos });
	}

	void fromCommit(boolean fromCommit) {
		this.fromCommit = fromCommit;
	}

	/** Off while a reconnect storm replays events: their age says nothing about latency. */
	void recording(boolean recording) {
		this.recording = recording;
	}

	void received(long updateId, long atNanos) {
		if (!this.recording) {
			return;
		}
		long[] times = this.sent.get(updateId);
		if (times == null) {
			this.pending.add(new long[] { updateId, atNanos });
		}
		else {
			record(times, atNanos);
		}
	}

	/** The latencies recorded since the last call, with every pending receipt whose post is known. */
	Histogram take() {
		int left = this.pending.size();
		for (int i = 0; i < left; i++) {
			long[] receipt = this.pending.poll();
			long[] times = (receipt != null) ? this.sent.get(receipt[0]) : null;
			if (times != null) {
				record(times, receipt[1]);
			}
			else if (receipt != null) {
				this.pending.add(receipt);
			}
		}
		return this.recorder.getIntervalHistogram();
	}

	/** The update ids of every post the coordinator announced. */
	Set<Long> posted() {
		return this.sent.keySet();
	}

	/** How many of the posts announced were sent after {@code nanos}. */
	long sentAfter(long nanos) {
		return this.sent.values().stream().filter((times) -> times[0] > nanos).count();
	}

	/** Receipts of update ids the coordinator never announced (not posts of this run). */
	int unmatched() {
		return this.pending.size();
	}

	private void record(long[] times, long atNanos) {
		long from = this.fromCommit ? times[1] : times[0];
		this.recorder.recordValue(Math.max(0, (atNanos - from) / 1000));
	}

}
