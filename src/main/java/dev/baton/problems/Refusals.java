package dev.baton.problems;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Counts refused requests as {@code baton.refused{status}}: 401, 403, 413, 429 and 503, the
 * refusals that say a client, or the instance, is at a limit. Every HTTP answer is counted as it
 * is committed, whoever wrote it (the security filters, a controller, the codecs), by this one
 * filter running before all others; a WebSocket refused after its upgrade is counted by its
 * transport through {@link #count(HttpStatusCode)}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class Refusals implements WebFilter {

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

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> count(exchange.getResponse().getStatusCode())));
		return chain.filter(exchange);
	}

}
