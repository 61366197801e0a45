package dev.baton.push;

import java.security.Principal;

import dev.baton.events.FellBehindException;
import dev.baton.events.StreamEvent;
import dev.baton.limits.StreamPermits;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/updates/stream}: the stream as Server-Sent Events. Each event has
 * {@code id: <seq>}, so {@code EventSource} resumes by itself through {@code Last-Event-ID}.
 */
@RestController
class SseController {

	private final Subscriptions subscriptions;

	private final StreamPermits permits;

	private final TransportProperties properties;

	SseController(Subscriptions subscriptions, StreamPermits permits, TransportProperties properties) {
		this.subscriptions = subscriptions;
		this.permits = permits;
		this.properties = properties;
	}

	// Every refusal (bad query, unknown channel, a limit) happens before the first event, so it
	// is still answered with an HTTP status and a problem body.
	@GetMapping(path = "/api/updates/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<StreamEvent>> stream(@RequestParam(required = false) String channels,
			@RequestParam(required = false) String lastEventId,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader, Principal user,
			ServerHttpResponse response) {
		response.getHeaders().setCacheControl("no-cache");
		response.getHeaders().set("X-Accel-Buffering", "no");
		boolean fromHeader = lastEventIdHeader != null;
		return this.subscriptions
			.open(channels, fromHeader ? lastEventIdHeader : lastEventId, fromHeader ? "Last-Event-ID" : "lastEventId")
			.flatMapMany(events -> this.permits.guard(user.getName(), Flux.concat(
					Mono.just(ServerSentEvent.<StreamEvent>builder().retry(this.properties.retry()).build()),
					// after the resync for a subscriber that fell behind, the response simply ends
					Heartbeat.around(events.onErrorComplete(FellBehindException.class).map(SseController::toServerSentEvent),
							this.properties.heartbeat(),
							() -> ServerSentEvent.<StreamEvent>builder().comment("heartbeat").build()))));
	}

	private static ServerSentEvent<StreamEvent> toServerSentEvent(StreamEvent event) {
		return ServerSentEvent.builder(event).id(Long.toString(event.seq())).event(event.type()).build();
	}

}
