package dev.baton.push.commands;

import java.util.List;
import java.util.Set;

import dev.baton.presence.Typing;
import dev.baton.problems.InvalidField;
import dev.baton.problems.Problem;
import dev.baton.publishing.Publishing;
import dev.baton.updates.Actor;
import dev.baton.updates.PostPath;
import dev.baton.updates.UpdateService;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Turns the commands clients send over their WebSockets into writes through
 * {@link UpdateService} and {@link Publishing}, the paths the HTTP API takes, and each into an
 * {@link Answer}. Validation,
 * permissions, limits and their wording are the REST API's.
 */
@Component
public class SocketCommands {

	private static final Logger logger = LoggerFactory.getLogger(SocketCommands.class);

	private static final String TYPES = "must be post, edit, delete, publish, typing or ping";

	private final UpdateService updates;

	private final Publishing publishing;

	private final Typing typing;

	private final Validator validator;

	private final JsonMapper json;

	private final DistributionSummary waiting;

	SocketCommands(UpdateService updates, Publishing publishing, Typing typing, Validator validator, JsonMapper json,
			MeterRegistry meters) {
		this.updates = updates;
		this.publishing = publishing;
		this.typing = typing;
		this.validator = validator;
		this.json = strictNumbers(json);
		this.waiting = DistributionSummary.builder("baton.websocket.commands.waiting")
			.description("Messages a WebSocket had received and not yet answered, each time one arrived")
			.register(meters);
	}

	// Jackson would read an update_id of 1.5 as 1 and "7" as 7: a command that means another
	// update than it names is malformed, not rounded
	private static JsonMapper strictNumbers(JsonMapper json) {
		return json.rebuild()
			.withCoercionConfig(LogicalType.Integer, numbers -> numbers.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
			.build();
	}

	/** The commands of one socket, whose user is {@code actor}. */
	public CommandHandler forUser(Actor actor) {
		return new CommandHandler(this, actor, this.waiting);
	}

	/** The answer to {@code command}, empty for a ping and an accepted typing; never an error. */
	Mono<Answer> answer(JsonNode command, Actor actor) {
		String ref = ref(command);
		return Mono.defer(() -> run(command, actor)).onErrorResume(failure -> Mono.just(refused(ref, failure)));
	}

	private Mono<Answer> run(JsonNode command, Actor actor) {
		String type = command.isObject() ? command.path("type").asString(null) : null;
		return switch ((type != null) ? type : "") {
			case "ping" -> Mono.empty();
			// a hint sent while someone types, answered only when refused; it has no ref to answer
			case "typing" -> this.typing.typing(actor, command.path("channel").asString(null)).then(Mono.empty());
			case "post" -> valid(command, SocketCommand.Post.class)
				.flatMap(post -> checked(post.update()).flatMap(update -> this.updates.create(update, post.key(), actor, PostPath.WEBSOCKET)))
				.map(written -> Answer.Ack.of(ref(command), written));
			case "edit" -> valid(command, SocketCommand.Edit.class)
				.flatMap(edit -> checked(edit.changes()).flatMap(changes -> this.updates.edit(edit.updateId(), changes, actor)))
				.map(written -> Answer.Ack.of(ref(command), written));
			case "delete" -> valid(command, SocketCommand.Delete.class)
				.flatMap(delete -> this.updates.delete(delete.updateId(), actor))
				.map(written -> Answer.Ack.of(ref(command), written));
			case "publish" -> valid(command, SocketCommand.Publish.class)
				.flatMap(publish -> checked(publish.published())
					.flatMap(event -> this.publishing.publish(publish.channel(), event, actor, publish.key())))
				.map(published -> Answer.Ack.of(ref(command), published));
			default -> Mono.error(InvalidField.problem(List.of(new InvalidField("type", TYPES))));
		};
	}

	// the command's own fields; a field of the wrong JSON type reads as a malformed command
	private <T extends SocketCommand> Mono<T> valid(JsonNode command, Class<T> type) {
		T parsed;
		try {
			parsed = this.json.treeToValue(command, type);
		}
		catch (JacksonException ex) {
			return Mono.error(new Problem(HttpStatus.BAD_REQUEST, "The command is not valid JSON for its type")
				.titled("Malformed command"));
		}
		return checked(parsed);
	}

	private <T> Mono<T> checked(T value) {
		Set<ConstraintViolation<T>> violations = this.validator.validate(value);
		return violations.isEmpty() ? Mono.just(value) : Mono.error(InvalidField.problem(violations.stream()
			.map(violation -> new InvalidField(wireName(violation.getPropertyPath().toString()), violation.getMessage()))
			.toList()));
	}

	private static Answer refused(String ref, Throwable failure) {
		return Problem.of(failure).map(refusal -> Answer.Refused.of(ref, refusal)).orElseGet(() -> {
			logger.error("WebSocket command failed", failure);
			return new Answer.Refused(ref, 500, "Internal Server Error", "The command failed; the error is logged", null);
		});
	}

	// echoed only when valid: a client's ref is its own name for the command, not arbitrary text
	private static String ref(JsonNode command) {
		String ref = command.path("ref").asString(null);
		return (ref != null && !ref.isEmpty() && ref.length() <= SocketCommand.MAX_REF_LENGTH) ? ref : null;
	}

	private static String wireName(String property) {
		return "updateId".equals(property) ? "update_id" : property;
	}

}
