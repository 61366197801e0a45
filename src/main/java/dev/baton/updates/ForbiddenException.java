package dev.baton.updates;

import dev.baton.problems.Problem;

import org.springframework.http.HttpStatus;

/** The signed-in user may not make this change. */
public class ForbiddenException extends Problem {

	public ForbiddenException(String detail) {
		super(HttpStatus.FORBIDDEN, detail);
	}

}
