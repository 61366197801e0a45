package dev.baton.tokens;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/tokens}.
 *
 * @param name the token's name, shown as the publisher of its events
 * @param publish the module channels it may publish on
 * @param read the channels it may read; none when absent
 */
public record NewToken(
		@NotNull @Size(min = 1, max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+",
				message = "must be letters, digits, '.', '_' and '-'") String name,
		@NotNull @Size(max = 100) List<@NotNull String> publish, @Size(max = 100) List<@NotNull String> read) {

	public NewToken {
		read = (read != null) ? read : List.of();
	}

}
