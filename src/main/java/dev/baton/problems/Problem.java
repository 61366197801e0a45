package dev.baton.problems;

import java.util.Optional;
import java.util.concurrent.TimeoutException;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A refused request. Every refusal in Baton is one, thrown or returned as an error from any
 * layer and answered as RFC 9457 {@code application/problem+json}: by {@link ProblemResponses}
 * for controllers, by {@link ProblemWriter} for the security filters, and as an {@code error}
 * answer or close reason on a WebSocket. Subclasses exist where callers tell refusals apart.
 */
public class Problem extends ErrorResponseException {

	/** Seconds a client should wait before retrying when the database is unavailable. */
	static final int DATABASE_RETRY_AFTER_SECONDS = 5;

	public Problem(HttpStatus status, String detail) {
		this(status, detail, null);
	}

	public Problem(HttpStatus status, String detail, Throwable cause) {
		super(status, ProblemDetail.forStatusAndDetail(status, detail), cause);
	}

	/** A short summary instead of the status's reason phrase. */
	public Problem titled(String title) {
		getBody().setTitle(title);
		return this;
	}

	/** An extension member of the problem, such as the {@code field} that was wrong. */
	public Problem with(String name, Object value) {
		getBody().setProperty(name, value);
		return this;
	}

	/** The 503 for a database that is down, unreachable or too slow. */
	public static Problem databaseUnavailable(Throwable cause) {
		return new Problem(HttpStatus.SERVICE_UNAVAILABLE,
				"The database is unavailable; retry in %d s".formatted(DATABASE_RETRY_AFTER_SECONDS), cause)
			.titled("Database unavailable")
			.retryAfter(DATABASE_RETRY_AFTER_SECONDS);
	}

	/**
	 * The refusal that answers {@code failure}, as {@link ProblemResponses} would answer it:
	 * itself when it is one, 503 when the database is unavailable, otherwise empty (a bug).
	 */
	public static Optional<ErrorResponseException> of(Throwable failure) {
		if (failure instanceof ErrorResponseException refusal) {
			return Optional.of(refusal);
		}
		boolean databaseUnavailable = failure instanceof DataAccessResourceFailureException
				|| failure instanceof TransientDataAccessException || failure instanceof R2dbcNonTransientResourceException
				|| failure instanceof R2dbcTransientException || failure instanceof TimeoutException;
		return databaseUnavailable ? Optional.of(databaseUnavailable(failure)) : Optional.empty();
	}

	/** A {@code Retry-After} header: when the client may try again. */
	public Problem retryAfter(long seconds) {
		getHeaders().set("Retry-After", Long.toString(seconds));
		return this;
	}

}
