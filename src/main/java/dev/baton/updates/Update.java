package dev.baton.updates;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A post in a channel: an announcement or a discussion post. Its idempotency key, the author's
 * name for the request that created it, stays on the server.
 */
@Table("updates")
public record Update(@Id Long id, String channel, String title, String body, String author, Instant createdAt,
		Instant editedAt, @JsonIgnore String idempotencyKey) {

	static Update create(NewUpdate request, String idempotencyKey, String author, Instant now) {
		return new Update(null, request.channel(), request.title(), request.body(), author, now, null, idempotencyKey);
	}

	// what a repeated request must ask for to be answered with this post; later edits do not count
	boolean sameAs(NewUpdate request) {
		return this.channel.equals(request.channel()) && (this.editedAt != null
				|| (this.title.equals(request.title()) && this.body.equals(request.body())));
	}

	Update edit(UpdateChanges changes, Instant now) {
		return new Update(this.id, this.channel, (changes.title() != null) ? changes.title() : this.title,
				(changes.body() != null) ? changes.body() : this.body, this.author, this.createdAt, now, this.idempotencyKey);
	}

}
