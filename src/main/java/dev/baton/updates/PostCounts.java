package dev.baton.updates;

import io.micrometer.core.instrument.MeterRegistry;

import dev.baton.problems.Problem;

import org.springframework.stereotype.Component;

/**
 * Counts the posts that reach the write path as {@code baton.posts{path,outcome}}: {@code created}
 * (or answered by an idempotent repeat), or refused as {@code invalid} (400), {@code forbidden}
 * (403), {@code conflict} (409), {@code limited} (429), {@code unavailable} (503) or
 * {@code failed} (anything else).
 */
@Component
class PostCounts {

	private final MeterRegistry meters;

	PostCounts(MeterRegistry meters) {
		this.meters = meters;
	}

	void created(PostPath path) {
		count(path, "created");
	}

	void refused(PostPath path, Throwable failure) {
		int status = Problem.of(failure).map(problem -> problem.getStatusCode().value()).orElse(500);
		count(path, switch (status) {
			case 400 -> "invalid";
			case 403 -> "forbidden";
			case 409 -> "conflict";
			case 429 -> "limited";
			case 503 -> "unavailable";
			default -> "failed";
		});
	}

	private void count(PostPath path, String outcome) {
		this.meters.counter("baton.posts", "path", path.tag(), "outcome", outcome).increment();
	}

}
