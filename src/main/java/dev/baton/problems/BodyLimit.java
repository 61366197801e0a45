package dev.baton.problems;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The request body limit, {@code spring.http.codecs.max-in-memory-size}, and its one answer: 413
 * as a problem, wherever the body is found too large.
 * <ul>
 * <li>A body that declares a longer {@code Content-Length} is refused before anything reads it
 * ({@link DeclaredLength}).</li>
 * <li>A JSON body found longer while it is read reaches {@link ProblemResponses} as a 413 from
 * its codec, which answers with {@link #exceeded}.</li>
 * <li>A form found longer while it is read fails wherever it is read, also in the security
 * filters (the CSRF token and the sign-in are form fields) where no controller advice sees it:
 * this handler answers those, before Spring Boot's error handler (order -1) would answer 500.</li>
 * </ul>
 */
@Component
@Order(-2)
class BodyLimit implements WebExceptionHandler {

	private final String maxBodySize;

	private final ProblemWriter problems;

	BodyLimit(@Value("${spring.http.codecs.max-in-memory-size}") String maxBodySize, ProblemWriter problems) {
		this.maxBodySize = maxBodySize;
		this.problems = problems;
	}

	/** The 413 for a body over the limit. */
	Problem exceeded(Throwable cause) {
		return new Problem(HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than the limit of " + this.maxBodySize,
				cause);
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		return (isExceeded(failure) && !exchange.getResponse().isCommitted())
				? this.problems.write(exchange, exceeded(failure)) : Mono.error(failure);
	}

	private static boolean isExceeded(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataBufferLimitException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Refuses a request whose {@code Content-Length} is over the limit, ahead of the security
	 * filters: nothing reads a body that could only fail, and the security filters never see
	 * the failure.
	 */
	// Spring Security's filter chain has order -100 (WebFluxSecurityConfiguration, not public)
	@Component
	@Order(-101)
	static class DeclaredLength implements WebFilter {

		private final long maxBytes;

		private final BodyLimit limit;

		DeclaredLength(@Value("${spring.http.codecs.max-in-memory-size}") DataSize maxBodySize, BodyLimit limit) {
			this.maxBytes = maxBodySize.toBytes();
			this.limit = limit;
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			return (exchange.getRequest().getHeaders().getContentLength() > this.maxBytes)
					? this.limit.problems.write(exchange, this.limit.exceeded(null)) : chain.filter(exchange);
		}

	}

}
