package dev.baton.push;

import java.nio.charset.StandardCharsets;

import dev.baton.events.FellBehindException;
import dev.baton.events.StreamEvent;
import dev.baton.limits.StreamPermits;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
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
 * Frames are written as shared pre-encoded bytes ({@link EventFrames}): a
 * {@code ServerSentEvent} would be serialised again for every subscriber.
 */
@RestController
class SseController {

	private static final byte[] HEARTBEAT = ":heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);

	private final Subscriptions subscriptions;

	private final StreamPermits permits;

	private final EventFrames frames;

	private final Heartbeat heartbeat;

	private final byte[] retry;

	SseController(Subscriptions subscriptions, StreamPermits permits, EventFrames frames, Heartbeat heartbeat,
			TransportProperties properties) {
		this.subscriptions = subscriptions;
		this.permits = permits;
		this.frames = frames;
		this.heartbeat = heartbeat;
		this.retry = "retry:%d\n\n".formatted(properties.retry().toMillis()).getBytes(StandardCharsets.US_ASCII);
	}

	// Every refusal (bad query, unknown channel, a limit) happens before the first frame, so it
	// is still answered with an HTTP status and a problem body.
	@GetMapping(path = "/api/updates/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Mono<Void> stream(@RequestParam(required = false) String channels, @RequestParam(required = false) String lastEventId,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader, Authentication user,
			ServerWebExchange exchange) {
		boolean fromHeader = lastEventIdHeader != null;
		ServerHttpResponse response = exchange.getResponse();
		DataBufferFactory buffers = response.bufferFactory();
		return this.subscriptions
			.open(Transport.SSE, exchange, user, channels, fromHeader ? lastEventIdHeader : lastEventId,
					fromHeader ? "Last-Event-ID" : "lastEventId")
			.flatMap(subscription -> {
				OpenStream stream = subscription.stream();
				Flux<byte[]> events = ending(subscription).map(event -> stream.sent(this.frames.sse(event)))
					.onErrorResume(SignInEndedException.class, ended -> Mono.just(ended.sseFrame()));
				Flux<byte[]> frames = this.permits.guard(user.getName(),
						Flux.concat(Mono.just(this.retry), this.heartbeat.around(events, () -> HEARTBEAT)))
					.doFinally(stream::closed);
				response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
				response.getHeaders().setCacheControl("no-cache");
				response.getHeaders().set("X-Accel-Buffering", "no");
				// each frame flushed as it is written; writeWith would flush in a second task on
				// the event loop, and measured no better
				return response.writeAndFlushWith(frames.map(frame -> Mono.<DataBuffer>just(buffers.wrap(frame))));
			});
	}

	// after the resync for a subscriber that fell behind, the response simply ends; a stream
	// whose sign-in ended gets a last signed_out event first
	private static Flux<StreamEvent> ending(Subscriptions.Subscription subscription) {
		OpenStream stream = subscription.stream();
		return subscription.events()
			.doOnComplete(() -> stream.closing("instance shutting down", null))
			.doOnError(FellBehindException.class, ex -> stream.closing("fell behind", null))
			.doOnError(SignInEndedException.class, ended -> stream.closing(ended.getMessage(), null))
			.onErrorComplete(FellBehindException.class);
	}

}
