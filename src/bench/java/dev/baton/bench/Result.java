package dev.baton.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * What one scenario measured on one target: named figures in the order they are reported, and the
 * latency histogram (microseconds) behind the percentiles.
 *
 * @param scenario the scenario's name
 * @param target {@code baton}, {@code nchan} or {@code polling}
 * @param figures the figures, in report order
 * @param latency the latencies, or null where the scenario has none
 * @param problems what went wrong, empty when the run verified
 */
record Result(String scenario, String target, Map<String, Object> figures, Histogram latency, StringBuilder problems) {

	Result(String scenario, String target) {
		this(scenario, target, new LinkedHashMap<>(), null, new StringBuilder());
	}

	Result withLatency(Histogram histogram) {
		Result result = new Result(this.scenario, this.target, this.figures, histogram, this.problems);
		if (histogram != null && histogram.getTotalCount() > 0) {
			put("p50 ms", millis(histogram.getValueAtPercentile(50)));
			put("p90 ms", millis(histogram.getValueAtPercentile(90)));
			put("p99 ms", millis(histogram.getValueAtPercentile(99)));
			put("p99.9 ms", millis(histogram.getValueAtPercentile(99.9)));
			put("max ms", millis(histogram.getMaxValue()));
		}
		return result;
	}

	Result put(String name, Object value) {
		this.figures.put(name, value);
		return this;
	}

	/** Records a failed check; the report shows it and the run exits non-zero. */
	void problem(String text) {
		if (!this.problems.isEmpty()) {
			this.problems.append("; ");
		}
		this.problems.append(text);
	}

	boolean verified() {
		return this.problems.isEmpty();
	}

	static double millis(long micros) {
		return Math.round(micros / 100.0) / 10.0;
	}

}
