package dev.baton.updates;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A post in a channel: an announcement or a discussion post. */
@Table("updates")
public record Update(@Id Long id, String channel, String title, String body, String author, Instant createdAt,
		Instant editedAt) {

	static Update create(NewUpdate request, String author, Instant now) {
		return new Update(null, request.channel(), request.title(), request.body(), author, now, null);
	}

	Update edit(UpdateChanges changes, Instant now) {
		return new Update(this.id, this.channel, (changes.title() != null) ? changes.title() : this.title,
				(changes.body() != null) ? changes.body() : this.body, this.author, this.createdAt, now);
	}

}
