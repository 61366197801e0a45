package dev.baton.updates;

import java.util.List;
import java.util.Optional;

import dev.baton.problems.InvalidField;
import dev.baton.problems.Problem;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code PATCH /api/updates/{id}} (and of an {@code edit} command): the fields to
 * change, at least one.
 */
public record UpdateChanges(@Text @Size(max = Limits.TITLE) String title, @Text @Size(max = Limits.BODY) String body) {

	private static final String NEITHER = "send title, body or both";

	/** The 400 for a change that names neither field, which would change nothing. */
	Optional<Problem> nothingToChange() {
		if (this.title != null || this.body != null) {
			return Optional.empty();
		}
		Problem problem = InvalidField.problem(List.of(new InvalidField("body", NEITHER), new InvalidField("title", NEITHER)));
		problem.getBody().setDetail("Nothing to change: " + NEITHER);
		return Optional.of(problem);
	}

}
