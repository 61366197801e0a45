package dev.baton.push;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import dev.baton.events.StreamEvent;
import dev.baton.events.StreamProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * Serves one WebSocket subscriber. Events go out as JSON text frames, with a ping every
 * heartbeat. The session ends with a close code saying why: 1013 after a {@code resync} for a
 * subscriber that fell behind, 1003/1007/1008 for a frame the server does not accept (1009 for
 * an oversized one comes from the frame decoder), 4000 for a peer that stopped answering pings.
 * Clients may send {@code {"type":"ping"}} as an application-level keep-alive; nothing else.
 */
@Component
class WebSocketSessions {

	static final CloseStatus FELL_BEHIND = CloseStatus.SERVICE_OVERLOAD
		.withReason("subscriber fell behind: refetch, then reconnect with since=<resync seq>");

	static final CloseStatus SILENT = CloseStatus.create(4000, "no answer to pings");

	private static final byte[] PING = "baton".getBytes(StandardCharsets.US_ASCII);

	private final JsonMapper json;

	private final Duration heartbeat;

	WebSocketSessions(JsonMapper json, StreamProperties properties) {
		this.json = json;
		this.heartbeat = properties.heartbeat();
	}

	Mono<Void> serve(WebSocketSession session, Flux<StreamEvent> events) {
		AtomicLong lastHeard = new AtomicLong(System.nanoTime());
		Mono<CloseStatus> output = session
			.send(Heartbeat.around(events.map(event -> session.textMessage(this.json.writeValueAsString(event))),
					this.heartbeat, () -> session.pingMessage(buffers -> buffers.wrap(PING))))
			.thenReturn(FELL_BEHIND);
		Mono<CloseStatus> input = session.receive()
			.doOnNext(message -> lastHeard.set(System.nanoTime()))
			.<CloseStatus>handle((message, verdict) -> reject(message).ifPresent(verdict::next))
			.next();
		Mono<CloseStatus> silence = Flux.interval(this.heartbeat)
			.filter(tick -> System.nanoTime() - lastHeard.get() > 2 * this.heartbeat.toNanos())
			.next()
			.thenReturn(SILENT);
		return Mono.firstWithSignal(input, output, silence).flatMap(session::close);
	}

	private Optional<CloseStatus> reject(WebSocketMessage message) {
		return switch (message.getType()) {
			case PING, PONG -> Optional.empty();
			case BINARY -> Optional.of(CloseStatus.NOT_ACCEPTABLE.withReason("binary frames are not accepted"));
			case TEXT -> rejectText(message.getPayloadAsText());
		};
	}

	private Optional<CloseStatus> rejectText(String text) {
		JsonNode node;
		try {
			node = this.json.readTree(text);
		}
		catch (JacksonException ex) {
			return Optional.of(CloseStatus.BAD_DATA.withReason("frame is not valid JSON"));
		}
		if (node.isObject() && "ping".equals(node.path("type").asString(null))) {
			return Optional.empty();
		}
		return Optional.of(CloseStatus.POLICY_VIOLATION.withReason("unsupported message: only {\"type\":\"ping\"}"));
	}

}
