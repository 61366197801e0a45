package dev.baton.problems;

import java.net.URI;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes a problem response from a web filter (the security filters run before any controller
 * advice could), with the same codec and so the same JSON as {@link ProblemResponses}.
 */
@Component
public class ProblemWriter {

	private static final ResolvableType PROBLEM = ResolvableType.forClass(ProblemDetail.class);

	private final HttpMessageWriter<?> writer;

	private final Refusals refusals;

	ProblemWriter(ServerCodecConfigurer codecs, Refusals refusals) {
		this.refusals = refusals;
		this.writer = codecs.getWriters()
			.stream()
			.filter(candidate -> candidate.canWrite(PROBLEM, MediaType.APPLICATION_PROBLEM_JSON))
			.findFirst()
			.orElseThrow();
	}

	/** Answers the exchange with {@code problem}: its status, headers and body. */
	@SuppressWarnings("unchecked")
	public Mono<Void> write(ServerWebExchange exchange, ErrorResponseException problem) {
		ServerHttpResponse response = exchange.getResponse();
		this.refusals.count(problem.getStatusCode());
		response.setStatusCode(problem.getStatusCode());
		response.getHeaders().addAll(problem.getHeaders());
		ProblemDetail body = problem.getBody();
		body.setInstance(URI.create(exchange.getRequest().getPath().value()));
		return ((HttpMessageWriter<ProblemDetail>) this.writer).write(Mono.just(body), PROBLEM,
				MediaType.APPLICATION_PROBLEM_JSON, response, Map.of());
	}

}
