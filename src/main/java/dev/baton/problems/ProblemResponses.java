package dev.baton.problems;

import java.util.List;
import java.util.concurrent.TimeoutException;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import reactor.core.publisher.Mono;

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
		else if (ex.getCause() instanceof DecodingException) {
			problem.setTitle("Malformed request body");
			problem.setDetail("The request body is not valid JSON for this request");
		}
		return handleExceptionInternal(ex, problem, headers, status, exchange);
	}

	// Spring's detail names the media type with its parameters, and its message the Java type
	// of the body: say in words what to send instead.
	@Override
	protected Mono<ResponseEntity<Object>> handleUnsupportedMediaTypeStatusException(
			UnsupportedMediaTypeStatusException ex, HttpHeaders headers, HttpStatusCode status,
			ServerWebExchange exchange) {
		ProblemDetail problem = ex.getBody();
		MediaType given = ex.getContentType();
		List<MediaType> supported = ex.getSupportedMediaTypes();
		problem.setDetail("%s is not supported; send %s".formatted(
				(given != null) ? "Content type '%s/%s'".formatted(given.getType(), given.getSubtype()) : "This content type",
				supported.contains(MediaType.APPLICATION_JSON) ? MediaType.APPLICATION_JSON_VALUE
						: MediaType.toString(supported)));
		return handleExceptionInternal(ex, problem, headers, status, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleResponseStatusException(ResponseStatusException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		// the codec of a request body over the limit says so with 413
		return status.isSameCodeAs(HttpStatus.CONTENT_TOO_LARGE) ? handleException(this.bodyLimit.exceeded(ex), exchange)
				: super.handleResponseStatusException(ex, headers, status, exchange);
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
