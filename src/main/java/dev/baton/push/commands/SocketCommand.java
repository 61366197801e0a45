package dev.baton.push.commands;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.baton.publishing.NewEvent;
import dev.baton.updates.NewUpdate;
import dev.baton.updates.Text;
import dev.baton.updates.UpdateChanges;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * A command a client sends over the WebSocket, a JSON text frame. Each carries {@code ref}, the
 * client's name for it (1 to 64 characters), echoed in its answer. The fields of the update
 * itself are checked by the same constraints as the REST API's.
 */
sealed interface SocketCommand permits SocketCommand.Post, SocketCommand.Edit, SocketCommand.Delete, SocketCommand.Publish {

	/** The longest {@code ref} a client may name a command with. */
	int MAX_REF_LENGTH = 64;

	String ref();

	/**
	 * {@code {"type":"post","ref":"c1","key":"…","channel":"general","title":"…","body":"…"}}.
	 *
	 * @param key the idempotency key, as the REST API's {@code Idempotency-Key}; optional
	 */
	record Post(@NotNull @Size(min = 1, max = MAX_REF_LENGTH) String ref,
			@Text(blank = true) @Size(min = 1, max = NewUpdate.MAX_KEY_LENGTH) String key, String channel, String title, String body)
			implements SocketCommand {

		NewUpdate update() {
			return new NewUpdate(this.channel, this.title, this.body);
		}

	}

	/** {@code {"type":"edit","ref":"c2","update_id":7,"title"?:"…","body"?:"…"}}. */
	record Edit(@NotNull @Size(min = 1, max = MAX_REF_LENGTH) String ref,
			@NotNull @JsonProperty("update_id") Long updateId, String title, String body) implements SocketCommand {

		UpdateChanges changes() {
			return new UpdateChanges(this.title, this.body);
		}

	}

	/** {@code {"type":"delete","ref":"c3","update_id":7}}. */
	record Delete(@NotNull @Size(min = 1, max = MAX_REF_LENGTH) String ref,
			@NotNull @JsonProperty("update_id") Long updateId) implements SocketCommand {
	}

	/**
	 * {@code {"type":"publish","ref":"c4","key":"…","channel":"orders","event":"order.shipped","data":{…}}}.
	 *
	 * @param key the idempotency key, as the HTTP API's {@code Idempotency-Key}; optional
	 */
	record Publish(@NotNull @Size(min = 1, max = MAX_REF_LENGTH) String ref,
			@Text(blank = true) @Size(min = 1, max = NewUpdate.MAX_KEY_LENGTH) String key, @NotNull String channel,
			String event, JsonNode data) implements SocketCommand {

		NewEvent published() {
			return new NewEvent(this.event, this.data);
		}

	}

}
