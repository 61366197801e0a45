package dev.baton.push.commands;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.baton.events.ChannelEvent;
import dev.baton.problems.InvalidField;
import dev.baton.updates.Written;

import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The server's answer to one {@link SocketCommand}, sent on the same socket in the order the
 * commands came, between the events.
 */
public sealed interface Answer permits Answer.Ack, Answer.Refused {

	/** {@code ack} or {@code error}. */
	@JsonProperty("type")
	String type();

	/**
	 * {@code {"type":"ack","ref":"c1","update_id":42,"seq":108}}: committed, as the event with
	 * {@code seq}; without {@code update_id} for a published event.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonPropertyOrder({ "type", "ref", "update_id", "seq" })
	record Ack(String ref, @JsonProperty("update_id") Long updateId, long seq) implements Answer {

		static Ack of(String ref, Written written) {
			return new Ack(ref, written.update().id(), written.seq());
		}

		static Ack of(String ref, ChannelEvent published) {
			return new Ack(ref, null, published.seq());
		}

		@Override
		public String type() {
			return "ack";
		}

	}

	/**
	 * {@code {"type":"error","ref":"c1","status":400,"title":"…","detail":"…","errors":[…]}}: the
	 * REST API's problem for the same request; {@code errors} only for invalid fields, {@code ref}
	 * only when the command had a valid one.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonPropertyOrder({ "type", "ref", "status", "title", "detail", "errors" })
	record Refused(String ref, int status, String title, String detail, List<InvalidField> errors) implements Answer {

		@SuppressWarnings("unchecked")
		static Refused of(String ref, ErrorResponseException refusal) {
			ProblemDetail problem = refusal.getBody();
			Object errors = (problem.getProperties() != null) ? problem.getProperties().get("errors") : null;
			return new Refused(ref, problem.getStatus(), problem.getTitle(), problem.getDetail(),
					(errors instanceof List<?> fields) ? (List<InvalidField>) fields : null);
		}

		@Override
		public String type() {
			return "error";
		}

	}

}
