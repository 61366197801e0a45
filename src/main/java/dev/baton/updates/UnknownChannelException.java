package dev.baton.updates;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request named a channel that does not exist. */
public class UnknownChannelException extends ErrorResponseException {

	UnknownChannelException(String channel) {
		super(HttpStatus.BAD_REQUEST, problem(channel), null);
	}

	private static ProblemDetail problem(String channel) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"Unknown channel '%s'".formatted(channel));
		problem.setTitle("Unknown channel");
		problem.setProperty("field", "channel");
		return problem;
	}

}
