package dev.baton.problems;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.exc.ValueInstantiationException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.codec.DecodingException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Makes every API error an {@code application/problem+json} response that names what was
 * wrong (the field, the parameter), without stack traces or SQL.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

	private final BodyLimit bodyLimit;

	private final Refusals refusals;

	ProblemResponses(BodyLimit bodyLimit, Refusals refusals) {
		this.bodyLimit = bodyLimit;
		this.refusals = refusals;
	}

	// every answer of this advice passes here
	@Override
	protected Mono<ResponseEntity<Object>> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
			ServerWebExchange exchange) {
		this.refusals.count(status);
		return super.createResponseEntity(body, headers, status, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		ProblemDetail problem = InvalidField.describe(ex.getBody(), ex.getFieldErrors()
			.stream()
			.map(error -> new InvalidField(error.getField(), String.valueOf(error.getDefaultMessage())))
			.toList());
		return handleExceptionInternal(ex, problem, headers, status, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status,
			ServerWebExchange exchange) {
		ProblemDetail problem = ex.getBody();
		problem.setDetail(ex.getParameterValidationResults()
			.stream()
			.map(result -> "%s %s".formatted(result.getMethodParameter().getParameterName(),
					result.getResolvableErrors().get(0).getDefaultMessage()))
			.reduce((a, b) -> a + "; " + b)
			.orElse("Invalid request parameters"));
		return handleExceptionInternal(ex, problem, headers, status, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		ProblemDetail problem = ex.getBody();
		if (ex.getCause() instanceof TypeMismatchException mismatch) {
			problem.setDetail("Invalid value '%s' for %s".formatted(mismatch.getValue(),
					(ex.getMethodParameter() != null) ? ex.getMethodParameter().getParameterName() : "a parameter"));
		}
		else if (ex.getCause() instanceof DecodingException decoding) {
			refusedValue(decoding).ifPresentOrElse(field -> InvalidField.describe(problem, List.of(field)), () -> {
				problem.setTitle("Malformed request body");
				problem.setDetail("The request body is not valid JSON for this request");
			});
		}
		return handleExceptionInternal(ex, problem, headers, status, exchange);
	}

	// well-formed JSON whose value a type refused when it was created, such as an unknown role:
	// the type's reason names the values it takes
	private static Optional<InvalidField> refusedValue(DecodingException decoding) {
		return (decoding.getCause() instanceof ValueInstantiationException refused
				&& refused.getCause() instanceof IllegalArgumentException reason && reason.getMessage() != null
				&& !refused.getPath().isEmpty())
						? Optional.ofNullable(refused.getPath().get(refused.getPath().size() - 1).getPropertyName())
							.map(field -> new InvalidField(field, reason.getMessage()))
						: Optional.empty();
	}

	// Spring's detail names the media type with its parameters, and its message the Java type
	// of the body: say in words what to send instead.
	@Override
	protected Mono<ResponseEntity<Object>> handleUnsupportedMediaTypeStatusException(
			UnsupportedMediaTypeStatusException ex, HttpHeaders headers, HttpStatusCode status,
			ServerWebExchange exchange) {
		List<MediaType> supported = ex.getSupportedMediaTypes();
		ProblemDetail problem = ex.getBody();
		problem.setDetail(unsupported(exchange, supported.contains(MediaType.APPLICATION_JSON)
				? MediaType.APPLICATION_JSON_VALUE : MediaType.toString(supported)));
		return handleExceptionInternal(ex, problem, headers, status, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleResponseStatusException(ResponseStatusException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		// the codec of a request body over the limit says so with 413; a form sent where JSON is
		// read (curl -d without a Content-Type) is refused before any codec, without a detail
		if (status.isSameCodeAs(HttpStatus.UNSUPPORTED_MEDIA_TYPE)) {
			ex.getBody().setDetail(unsupported(exchange, MediaType.APPLICATION_JSON_VALUE));
		}
		return status.isSameCodeAs(HttpStatus.CONTENT_TOO_LARGE) ? handleException(this.bodyLimit.exceeded(ex), exchange)
				: super.handleResponseStatusException(ex, headers, status, exchange);
	}

	private static String unsupported(ServerWebExchange exchange, String supported) {
		MediaType given = exchange.getRequest().getHeaders().getContentType();
		return "%s; send Content-Type: %s".formatted((given != null)
				? "Content type '%s/%s' is not supported".formatted(given.getType(), given.getSubtype())
				: "The request has no Content-Type", supported);
	}

	/**
	 * PostgreSQL is down, unreachable or too slow: a clear 503 with Retry-After instead of a
	 * 500. Timeouts come from {@code baton.db.timeout}; every other database failure that is
	 * not a data error is a resource failure. {@link Problem#of} classifies the same way.
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
			R2dbcNonTransientResourceException.class, R2dbcTransientException.class, TimeoutException.class })
	Mono<ResponseEntity<Object>> handleDatabaseUnavailable(Exception ex, ServerWebExchange exchange) {
		logger.warn("Database unavailable for " + exchange.getRequest().getPath() + ": "
				+ NestedExceptionUtils.getMostSpecificCause(ex));
		return handleException(Problem.databaseUnavailable(ex), exchange);
	}

}
