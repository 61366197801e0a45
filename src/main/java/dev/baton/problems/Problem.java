package dev.baton.problems;

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

	/** A {@code Retry-After} header: when the client may try again. */
	public Problem retryAfter(long seconds) {
		getHeaders().set("Retry-After", Long.toString(seconds));
		return this;
	}

}
