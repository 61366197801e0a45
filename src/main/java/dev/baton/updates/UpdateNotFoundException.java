package dev.baton.updates;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No update has the requested id (any more). */
class UpdateNotFoundException extends ErrorResponseException {

	UpdateNotFoundException(long id) {
		super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"Update %d does not exist".formatted(id)), null);
	}

}
