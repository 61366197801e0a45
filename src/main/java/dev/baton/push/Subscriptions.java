package dev.baton.push;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.baton.events.Selection;
import dev.baton.events.StreamEvent;
import dev.baton.events.UpdatesStream;
import dev.baton.presence.Interest;
import dev.baton.presence.Presence;
import dev.baton.presence.Signal;
import dev.baton.presence.Signals;
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

	private final Presence presence;

	private final Signals signals;

	Subscriptions(UpdatesStream stream, Channels channels, OpenStreams open, Revocations revocations, Presence presence,
			Signals signals) {
		this.stream = stream;
		this.channels = channels;
		this.open = open;
		this.revocations = revocations;
		this.presence = presence;
		this.signals = signals;
	}

	/** The value of {@code include} that asks for each update's rendered item. */
	static final String INCLUDE_HTML = "html";

	// every value include takes: the rendered item, and each kind of signal
	private static final Set<String> INCLUDES = Stream
		.concat(Stream.of(INCLUDE_HTML), Arrays.stream(Signal.Kind.values()).map(Signal.Kind::wireName))
		.collect(Collectors.toCollection(LinkedHashSet::new));

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
	 * @param include what the stream gets besides the log's events, a comma-separated list:
	 * {@code html} for an update's rendered item, {@code presence}, {@code typing} and
	 * {@code unread} for those signals; nothing when absent
	 */
	Mono<Subscription> open(Transport transport, ServerWebExchange exchange, Executor deliverOn, Authentication user,
			String channels, String resumeAfter, String resumeParameter, String include) {
		OptionalLong resume = parseResumePoint(resumeAfter, resumeParameter);
		Set<String> names = parseChannels(channels);
		Set<String> included = parseInclude(include);
		boolean html = included.contains(INCLUDE_HTML);
		Actor actor = Actor.of(user);
		// who is here is for people: a service token's stream gets no presence
		Set<Signal.Kind> kinds = Arrays.stream(Signal.Kind.values())
			.filter(kind -> included.contains(kind.wireName()))
			.filter(kind -> kind != Signal.Kind.PRESENCE || actor.token() == null)
			.collect(Collectors.toUnmodifiableSet());
		// Without a resume point the stream starts at the newest event published now, while the
		// client has seen no response: it is attached to the live events only once its first frame
		// is on its way (SSE) or after the upgrade (WebSocket), and replays what came in between.
		// Either way it waits for the relay's hand-over at start-up: before it, events committed
		// since the log was last read would be neither replayed nor sent live.
		Mono<Long> from = this.stream.resumePoint().map(newest -> resume.orElse(newest));
		return this.channels.ready()
			.thenMany(Flux.fromIterable(names))
			.concatMap(name -> this.channels.requireReadable(name, actor))
			.then(this.revocations.signIn(exchange, user))
			.zipWith(from, (signIn, after) -> {
				OpenStream stream = this.open.open(transport, user.getName(), names, resume);
				// each event of the channels named, or of the feed's, in a channel its reader may read now
				Selection selection = Selection.of(names, channel -> this.channels.mayRead(actor, channel));
				// the stream's user is present in its channels for as long as its events flow
				Flux<StreamEvent> live = this.stream.subscribe(selection, OptionalLong.of(after), deliverOn);
				Flux<StreamEvent> events = Flux.using(() -> this.presence.join(actor, names), present -> live, Runnable::run)
					.doOnSubscribe(started -> stream.opened());
				Interest interest = new Interest(kinds, names, actor.name(), channel -> this.channels.mayRead(actor, channel),
						this.channels::isFeed);
				Mono<StreamEndedException> ended = Mono.firstWithValue(
						this.revocations.ended(signIn).map(StreamEndedException::signInEnded),
						this.channels.readWithdrawn(actor, names).map(StreamEndedException::readWithdrawn));
				return new Subscription(until(ended, events),
						kinds.isEmpty() ? null : this.signals.subscribe(interest, deliverOn), stream, deliverOn, html);
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
	 * @param signals the signals the stream asked for, to send alongside the events for as long as
	 * they last; null when it asked for none, so that such a stream costs nothing for them
	 * @param stream the record of the stream
	 * @param deliverOn where the events are delivered, and so where the stream's other timed
	 * frames go out from
	 * @param html whether an update's event carries its rendered item
	 */
	record Subscription(Flux<StreamEvent> events, Flux<Signal> signals, OpenStream stream, Executor deliverOn,
			boolean html) {

		/** {@code frames}, and the signals' frames between them when the stream asked for any. */
		<T> Flux<T> withSignals(Flux<T> frames, Function<Signal, T> encoding) {
			return (this.signals == null) ? frames : Alongside.of(frames, this.signals.map(encoding));
		}

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

	private static Set<String> parseInclude(String include) {
		if (include == null || include.isEmpty()) {
			return Set.of();
		}
		Set<String> asked = Arrays.stream(include.split(","))
			.map(String::strip)
			.filter(value -> !value.isEmpty())
			.collect(Collectors.toSet());
		if (asked.isEmpty() || !INCLUDES.containsAll(asked)) {
			throw new Problem(HttpStatus.BAD_REQUEST, "include takes a comma-separated list of %s, not '%s'"
				.formatted(String.join(", ", INCLUDES), include))
				.titled("Unknown include")
				.with("field", "include");
		}
		return asked;
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
