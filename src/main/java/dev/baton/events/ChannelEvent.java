package dev.baton.events;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A named event a module published on one of its channels, as recorded in the event log. On the
 * wire: {@code {"type":"channel_event","seq":43,"channel":"orders","event":"order.shipped",
 * "data":{"order":7},"publisher":{"kind":"database","name":"orders_app"},"at":"…"}}.
 *
 * @param name the event's name, {@code event} on the wire
 * @param data the payload, JSON text as published
 * @param publisher who published it
 */
@JsonPropertyOrder({ "type", "seq", "channel", "event", "data", "publisher", "at" })
public record ChannelEvent(long seq, String channel, @JsonProperty("event") String name, @JsonRawValue String data,
		Publisher publisher, Instant at) implements LoggedEvent {

	/** The wire name of this type of event. */
	public static final String TYPE = "channel_event";

	@Override
	public String type() {
		return TYPE;
	}

	/**
	 * Who published an event.
	 *
	 * @param kind a signed-in user, a service token, or a database role through SQL
	 * @param name the user's, token's or role's name
	 */
	@JsonPropertyOrder({ "kind", "name" })
	public record Publisher(Kind kind, String name) {

		public static Publisher user(String name) {
			return new Publisher(Kind.USER, name);
		}

		public static Publisher token(String name) {
			return new Publisher(Kind.TOKEN, name);
		}

		/** The name idempotency keys are kept under: a user and a token may share a name. */
		public String qualifiedName() {
			return this.kind.wireName() + ":" + this.name;
		}

	}

	/** The kinds of publisher. */
	public enum Kind {

		USER, TOKEN, DATABASE;

		/** The name on the wire and in the log. */
		@JsonValue
		public String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Kind fromWireName(String name) {
			return valueOf(name.toUpperCase(Locale.ROOT));
		}

	}

}
