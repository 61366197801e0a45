package dev.baton.updates;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Size;

/** The body of {@code PATCH /api/updates/{id}}: the fields to change, at least one. */
public record UpdateChanges(@Text @Size(max = Limits.TITLE) String title, @Text @Size(max = Limits.BODY) String body) {

	@JsonIgnore
	@AssertTrue(message = "must be given")
	public boolean isTitleOrBody() {
		return this.title != null || this.body != null;
	}

}
