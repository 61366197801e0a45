package dev.baton.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import dev.baton.tokens.TokenSummary;

/**
 * A service token as the operator's page lists it: its scope and state, never a secret.
 *
 * @param publish the module channels it may publish on, or {@value #NONE}
 * @param read the channels it may read, or {@value #NONE}
 * @param revokedAt when it was revoked, or null while it is valid
 */
record TokenRow(long id, String name, String publish, String read, String createdBy, Instant createdAt,
		Instant revokedAt) {

	static final String NONE = "none";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	static TokenRow of(TokenSummary token) {
		return new TokenRow(token.id(), token.name(), channels(token.publish()), channels(token.read()),
				token.createdBy(), token.createdAt(), token.revokedAt());
	}

	/** When it was created, as the page shows it. */
	public String created() {
		return TIME.format(this.createdAt);
	}

	/** When it was revoked, as the page shows it, or null while it is valid. */
	public String revoked() {
		return (this.revokedAt != null) ? TIME.format(this.revokedAt) : null;
	}

	private static String channels(List<String> names) {
		return names.isEmpty() ? NONE : String.join(", ", names);
	}

}
