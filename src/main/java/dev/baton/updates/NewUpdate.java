package dev.baton.updates;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/updates}. */
public record NewUpdate(@NotBlank String channel,
		@NotNull(message = "must not be blank") @Text @Size(max = Limits.TITLE) String title,
		@NotNull(message = "must not be blank") @Text @Size(max = Limits.BODY) String body) {

	/** The longest idempotency key a client may name a post with. */
	public static final int MAX_KEY_LENGTH = 64;

}
