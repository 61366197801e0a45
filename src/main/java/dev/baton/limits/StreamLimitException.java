package dev.baton.limits;

import dev.baton.problems.Problem;

import org.springframework.http.HttpStatus;

/**
 * A stream was refused by a limit: 429 for a user over their own limit, 503 for an instance
 * at capacity. WebSocket sessions, already upgraded, close with {@link #closeCode()} instead.
 */
public class StreamLimitException extends Problem {

	private final int closeCode;

	StreamLimitException(HttpStatus status, int closeCode, String detail) {
		super(status, detail);
		this.closeCode = closeCode;
	}

	/** The WebSocket close code that says the same. */
	public int closeCode() {
		return this.closeCode;
	}

}
