package dev.baton.updates;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/channels}; only admins post to an {@code adminOnly} channel.
 *
 * @param kind {@code feed} (the default) or {@code module}
 */
public record NewChannel(
		@NotNull @Size(min = 1, max = 40) @Pattern(regexp = "[a-z0-9][a-z0-9-]*",
				message = "must be lower-case letters, digits and '-'") String name,
		@Text(blank = true) @Size(max = 200) String description, Boolean adminOnly,
		@Pattern(regexp = "feed|module", message = "must be feed or module") String kind) {
}
