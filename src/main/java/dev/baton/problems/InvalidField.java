package dev.baton.problems;

import java.util.Comparator;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A field that broke its constraint, as listed in {@code errors} of a 400 problem. REST requests
 * and WebSocket commands describe their invalid fields with {@link #describe} alone, so both
 * word them the same way.
 *
 * @param field the field's name in the request
 * @param message what is wrong with it, e.g. {@code must not be blank}
 */
public record InvalidField(String field, String message) {

	/** Titles {@code problem} "Invalid request", details every field and lists them as {@code errors}. */
	public static ProblemDetail describe(ProblemDetail problem, List<InvalidField> fields) {
		List<InvalidField> sorted = fields.stream().sorted(Comparator.comparing(InvalidField::field)).toList();
		problem.setTitle("Invalid request");
		problem.setDetail(sorted.stream()
			.map(error -> error.field() + " " + error.message())
			.reduce((a, b) -> a + "; " + b)
			.orElse("Invalid request content"));
		problem.setProperty("errors", sorted);
		return problem;
	}

	/** The 400 problem for {@code fields}. */
	public static Problem problem(List<InvalidField> fields) {
		Problem problem = new Problem(HttpStatus.BAD_REQUEST, null);
		describe(problem.getBody(), fields);
		return problem;
	}

}
