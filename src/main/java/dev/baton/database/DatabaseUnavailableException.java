package dev.baton.database;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** PostgreSQL did not answer in time or refused the connection; the client should retry. */
public class DatabaseUnavailableException extends ErrorResponseException {

	/** Seconds a client should wait before retrying. */
	static final int RETRY_AFTER_SECONDS = 5;

	public DatabaseUnavailableException(Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, problem(), cause);
		getHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
	}

	private static ProblemDetail problem() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The database is unavailable; retry in %d s".formatted(RETRY_AFTER_SECONDS));
		problem.setTitle("Database unavailable");
		return problem;
	}

}
