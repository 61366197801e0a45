package dev.baton.problems;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;

/**
 * Counts refused requests as {@code baton.refused{status}}: 401, 403, 413, 429 and 503, the
 * refusals that say a client, or the instance, is at a limit. The two writers of problem
 * responses count what they write ({@link ProblemResponses} for controllers and codecs,
 * {@link ProblemWriter} for the security filters); a WebSocket refused after its upgrade is
 * counted by its transport.
 */
@Component
public class Refusals {

	private static final Set<Integer> COUNTED = Set.of(401, 403, 413, 429, 503);

	private final Map<Integer, Counter> counters;

	Refusals(MeterRegistry meters) {
		this.counters = COUNTED.stream()
			.collect(Collectors.toUnmodifiableMap(Function.identity(), status -> Counter.builder("baton.refused")
				.description("Requests refused, by status")
				.tag("status", Integer.toString(status))
				.register(meters)));
	}

	/** Counts a refusal with {@code status}, if it is one of the counted statuses. */
	public void count(HttpStatusCode status) {
		Counter counter = (status != null) ? this.counters.get(status.value()) : null;
		if (counter != null) {
			counter.increment();
		}
	}

}
