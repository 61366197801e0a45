package dev.baton.push;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import dev.baton.events.Selection;
import dev.baton.events.StreamEvent;
import dev.baton.events.UpdatesStream;
import dev.baton.problems.Problem;
import dev.baton.security.Revocations;
import dev.baton.updates.Actor;
import dev.baton.updates.Channels;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/** Turns the query of a stream request into a subscription, shared by both transports. */
@Component
class Subscriptions {

	private final UpdatesStream stream;

	private final Channels channels;

	private final OpenStreams open;

	private final Revocations revocations;

	Subscriptions(UpdatesStream stream, Channels channels, OpenStreams open, Revocations revocations) {
		this.stream = stream;
		this.channels = channels;
		this.open = open;
		this.revocations = revocations;
	}

	/** The value of {@code include} that asks for each update's rendered item. */
	static final String INCLUDE_HTML = "html";

	/**
	 * Validates the request and returns its events, which count the stream as opened when
	 * subscribed: subscribe to them only once a permit allows the stream.
	 * @param transport the transport asking
	 * @param exchange the handshake, whose session or credentials the stream lives by; read now,
	 * not kept
	 * @param deliverOn the event loop of the stream's connection, where its events are delivered
	 * @param user the user subscribing
	 * @param channels a comma-separated list of channel names; all channels when absent
	 * @param resumeAfter the last seq the client has seen, if any
	 * @param resumeParameter the name the client used for it, for the error message
	 * @param include what the events carry besides the change: {@code html} for an update's
	 * rendered item; nothing when absent
	 */
	Mono<Subscription> open(Transport transport, ServerWebExchange exchange, Executor deliverOn, Authentication user,
			String channels, String resumeAfter, String resumeParameter, String include) {
		OptionalLong resume = parseResumePoint(resumeAfter, resumeParameter);
		Set<String> names = parseChannels(channels);
		boolean html = parseInclude(include);
		// Without a resume point the stream starts at the newest event published now, while the
		// client has seen no response: it is attached to the live events only once its first frame
		// is on its way (SSE) or after the upgrade (WebSocket), and replays what came in between.
		// Either way it waits for the relay's hand-over at start-up: before it, events committed
		// since the log was last read would be neither replayed nor sent live.
		Mono<Long> from = this.stream.resumePoint().map(newest -> resume.orElse(newest));
		Actor actor = Actor.of(user);
		return this.channels.ready()
			.thenMany(Flux.fromIterable(names))
			.concatMap(name -> this.channels.requireReadable(name, actor))
			.then(this.revocations.signIn(exchange, user))
			.zipWith(from, (signIn, after) -> {
				OpenStream stream = this.open.open(transport, user.getName(), names, resume);
				// each event of the channels named, or of the feed's, in a channel its reader may read now
				Selection selection = Selection.of(names, channel -> this.channels.mayRead(actor, channel));
				Flux<StreamEvent> events = this.stream.subscribe(selection, OptionalLong.of(after), deliverOn)
					.doOnSubscribe(started -> stream.opened());
				Mono<StreamEndedException> ended = Mono.firstWithValue(
						this.revocations.ended(signIn).map(StreamEndedException::signInEnded),
						this.channels.readWithdrawn(actor, names).map(StreamEndedException::readWithdrawn));
				return new Subscription(until(ended, events), stream, deliverOn, html);
			});
	}

	// the events until the stream must end, then the StreamEndedException saying why
	private static Flux<StreamEvent> until(Mono<StreamEndedException> ended, Flux<StreamEvent> events) {
		return Flux.defer(() -> {
			AtomicReference<StreamEndedException> reason = new AtomicReference<>();
			return events.takeUntilOther(ended.doOnNext(reason::set))
				.concatWith(Flux.defer(() -> (reason.get() != null) ? Flux.error(reason.get()) : Flux.empty()));
		});
	}

	/**
	 * A stream's events and its record, which the transport tells what it sent and why it closed.
	 *
	 * @param events the events, from the resume point on
	 * @param stream the record of the stream
	 * @param deliverOn where the events are delivered, and so where the stream's other timed
	 * frames go out from
	 * @param html whether an update's event carries its rendered item
	 */
	record Subscription(Flux<StreamEvent> events, OpenStream stream, Executor deliverOn, boolean html) {
	}

	private static Set<String> parseChannels(String channels) {
		if (channels == null || channels.isBlank()) {
			return Set.of();
		}
		return Arrays.stream(channels.split(","))
			.map(String::strip)
			.filter(name -> !name.isEmpty())
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	// one value today; a list, so that later additions are asked for the same way
	private static boolean parseInclude(String include) {
		if (include == null || include.isEmpty()) {
			return false;
		}
		Set<String> asked = Arrays.stream(include.split(","))
			.map(String::strip)
			.filter(value -> !value.isEmpty())
			.collect(Collectors.toSet());
		if (!asked.equals(Set.of(INCLUDE_HTML))) {
			throw new Problem(HttpStatus.BAD_REQUEST,
					"include takes '%s' (each update's rendered item), not '%s'".formatted(INCLUDE_HTML, include))
				.titled("Unknown include")
				.with("field", "include");
		}
		return true;
	}

	private static OptionalLong parseResumePoint(String value, String parameter) {
		if (value == null || value.isEmpty()) {
			return OptionalLong.empty();
		}
		// ASCII digits only: Character.isDigit and Long.parseLong also take other scripts' digits
		if (!value.chars().allMatch(digit -> digit >= '0' && digit <= '9') || value.length() > 18) {
			throw new Problem(HttpStatus.BAD_REQUEST,
					"%s must be a non-negative integer (the seq of the last event received), not '%s'"
						.formatted(parameter, value))
				.titled("Invalid resume point")
				.with("field", parameter);
		}
		return OptionalLong.of(Long.parseLong(value));
	}

}
