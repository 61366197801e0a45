package dev.baton.updates;

import dev.baton.problems.Problem;

import org.springframework.http.HttpStatus;

/** No update has the requested id (any more). */
class UpdateNotFoundException extends Problem {

	UpdateNotFoundException(long id) {
		super(HttpStatus.NOT_FOUND, "Update %d does not exist".formatted(id));
	}

}
