package dev.baton.push;

import dev.baton.events.FellBehindException;
import dev.baton.events.StreamEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code GET /api/updates/stream}: the stream as Server-Sent Events. Each event has
 * {@code id: <seq>}, so {@code EventSource} resumes by itself through {@code Last-Event-ID}.
 * Once the request is accepted the connection is handed over ({@link StreamHandoff}) and the
 * frames are written to it as shared pre-encoded bytes ({@link EventFrames}), each flushed as
 * it is written.
 */
@RestController
class SseController {

	private static final ByteBuf HEARTBEAT = EventFrames.shared(":heartbeat\n\n");

	private final Subscriptions subscriptions;

	private final EventFrames frames;

	private final Heartbeat heartbeat;

	private final ByteBuf retry;

	SseController(Subscriptions subscriptions, EventFrames frames, Heartbeat heartbeat, TransportProperties properties) {
		this.subscriptions = subscriptions;
		this.frames = frames;
		this.heartbeat = heartbeat;
		this.retry = EventFrames.shared("retry:%d\n\n".formatted(properties.retry().toMillis()));
	}

	// Every refusal (bad query, unknown channel, a limit) happens before the first frame, so it
	// is still answered with an HTTP status and a problem body.
	@GetMapping(path = "/api/updates/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Mono<Void> stream(@RequestParam(required = false) String channels, @RequestParam(required = false) String lastEventId,
			@RequestParam(required = false) String include,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader, Authentication user,
			ServerWebExchange exchange) {
		boolean fromHeader = lastEventIdHeader != null;
		return this.subscriptions
			.open(Transport.SSE, exchange, StreamHandoff.eventLoop(exchange), user, channels,
					fromHeader ? lastEventIdHeader : lastEventId, fromHeader ? "Last-Event-ID" : "lastEventId",
					include)
			.flatMap(subscription -> {
				OpenStream stream = subscription.stream();
				Flux<ByteBuf> events = subscription.withSignals(
						ending(subscription).map(event -> stream.sent(this.frames.sse(event, subscription.html())))
							.onErrorResume(StreamEndedException.class, ended -> Mono.just(ended.sseFrame())),
						signal -> Unpooled.wrappedBuffer(signal.sse()));
				stream.admit();
				Flux<ByteBuf> frames = Flux
					.concat(Mono.fromSupplier(this.retry::duplicate), this.heartbeat.around(events, HEARTBEAT::duplicate, subscription.deliverOn()))
					.doFinally(stream::closed);
				ServerHttpResponse response = exchange.getResponse();
				response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
				response.getHeaders().setCacheControl("no-cache");
				response.getHeaders().set("X-Accel-Buffering", "no");
				return StreamHandoff.serve(exchange, stream, connection -> connection.sendObject(frames, frame -> true));
			});
	}

	// after the resync for a subscriber that fell behind, the response simply ends; a stream
	// whose sign-in ended gets a last signed_out event first
	private static Flux<StreamEvent> ending(Subscriptions.Subscription subscription) {
		OpenStream stream = subscription.stream();
		return subscription.events()
			.doOnComplete(() -> stream.closing("instance shutting down", null))
			.doOnError(FellBehindException.class, ex -> stream.closing("fell behind", null))
			.doOnError(StreamEndedException.class, ended -> stream.closing(ended.getMessage(), null))
			.onErrorComplete(FellBehindException.class);
	}

}
