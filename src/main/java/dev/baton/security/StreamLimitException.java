package dev.baton.security;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A stream was refused by a limit: 429 for a user over their own limit, 503 for an instance
 * at capacity. WebSocket sessions, already upgraded, close with {@link #closeCode()} instead.
 */
public class StreamLimitException extends ErrorResponseException {

	private final int closeCode;

	StreamLimitException(HttpStatus status, int closeCode, String detail) {
		super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
		this.closeCode = closeCode;
	}

	/** The WebSocket close code that says the same. */
	public int closeCode() {
		return this.closeCode;
	}

}
