package dev.baton.updates;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.baton.problems.InvalidField;
import reactor.core.publisher.Mono;

/**
 * The {@code Idempotency-Key} header of posts and published events: 1 to 64 characters of text. A
 * repeat of a key by the same author or publisher within 24 hours gets the answer the first
 * request got.
 */
public final class IdempotencyKeys {

	/** The header's name. */
	public static final String HEADER = "Idempotency-Key";

	/** How long a key names its post or event; after that its author or publisher may use it again. */
	public static final Duration LIFETIME = Duration.ofHours(24);

	private IdempotencyKeys() {
	}

	/** Completes when {@code key} is absent or valid, else errors with a 400 naming the header. */
	// checked here: a constraint on the parameter would validate the whole method and word body errors apart
	public static Mono<Void> check(String key) {
		boolean sized = key == null || (!key.isEmpty() && key.length() <= NewUpdate.MAX_KEY_LENGTH);
		Optional<String> fault = sized ? Text.Validator.fault(key, true)
				: Optional.of("size must be between 1 and %d".formatted(NewUpdate.MAX_KEY_LENGTH));
		return fault.map(message -> Mono.<Void>error(InvalidField.problem(List.of(new InvalidField(HEADER, message)))))
			.orElse(Mono.empty());
	}

}
