package dev.baton.publishing;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/channels/{channel}/events}: {@code {"event":"order.shipped",
 * "data":{"order":7}}}.
 *
 * @param event the event's name: 1 to 64 letters, digits, {@code .}, {@code _}, {@code :} or
 * {@code -}, starting with a letter
 * @param data any JSON value, at most {@code baton.publish.max-payload} as JSON text
 */
public record NewEvent(@NotNull @Pattern(regexp = NewEvent.NAME, message = NewEvent.NAME_RULE) String event,
		@NotNull JsonNode data) {

	/** What an event's name must match; baton.publish checks the same. */
	public static final String NAME = "[A-Za-z][A-Za-z0-9_.:-]{0,63}";

	/** The name rule in words. */
	public static final String NAME_RULE = "must be 1 to 64 letters, digits, '.', '_', ':' or '-', starting with a letter";

}
