package dev.baton.tokens;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A service token as the API shows it: never its secret, except once in the answer that creates
 * it.
 *
 * @param token the secret, only in the answer to {@code POST /api/tokens}
 * @param revokedAt when it was revoked, or null while it is valid
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenSummary(long id, String name, List<String> publish, List<String> read,
		@JsonProperty("created_by") String createdBy, @JsonProperty("created_at") Instant createdAt,
		@JsonProperty("revoked_at") Instant revokedAt, String token) {

	TokenSummary withSecret(String secret) {
		return new TokenSummary(this.id, this.name, this.publish, this.read, this.createdBy, this.createdAt,
				this.revokedAt, secret);
	}

}
