package dev.baton.push;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.baton.events.Resync;
import dev.baton.events.StreamEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import dev.baton.events.StreamProperties;
import dev.baton.security.StreamLimitException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * Serves one WebSocket subscriber. Events go out as JSON text frames, with a ping every
 * heartbeat. The session ends with a close code saying why:
 * <ul>
 * <li>1001 when the instance shuts down; 1013 after a {@code resync} for a subscriber that fell
 * behind;</li>
 * <li>1003, 1007 or 1008 for a frame the server does not accept, 1009 for one over
 * {@code baton.stream.max-frame-size};</li>
 * <li>1008 or 1013 when a stream limit refuses the subscriber; 4000 for a peer that stopped
 * answering pings.</li>
 * </ul>
 * Clients may send {@code {"type":"ping"}} as an application-level keep-alive; nothing else.
 */
@Component
class WebSocketSessions {

	static final CloseStatus FELL_BEHIND = CloseStatus.SERVICE_OVERLOAD
		.withReason("subscriber fell behind: refetch, then reconnect with since=<resync seq>");

	static final CloseStatus GOING_AWAY = CloseStatus.GOING_AWAY
		.withReason("server shutting down: reconnect with since=<last seq>");

	static final CloseStatus SILENT = CloseStatus.create(4000, "no answer to pings");

	private static final byte[] PING = "baton".getBytes(StandardCharsets.US_ASCII);

	private final JsonMapper json;

	private final Duration heartbeat;

	private final long maxFrameSize;

	WebSocketSessions(JsonMapper json, StreamProperties properties) {
		this.json = json;
		this.heartbeat = properties.heartbeat();
		this.maxFrameSize = properties.maxFrameSize().toBytes();
	}

	Mono<Void> serve(WebSocketSession session, Flux<StreamEvent> events) {
		AtomicLong lastHeard = new AtomicLong(System.nanoTime());
		// Why the session ends: a rejected frame, a silent peer, or (empty) the peer left.
		// Inbound is never cancelled, because cancelling it drops the connection without a close code.
		Sinks.One<CloseStatus> verdict = Sinks.one();
		Mono<Void> inbound = session.receive().doOnNext(message -> {
			lastHeard.set(System.nanoTime());
			reject(message).ifPresent(verdict::tryEmitValue);
		}).onErrorResume(DecoderException.class, ex -> {
			verdict.tryEmitValue(undecodable(ex));
			return Mono.empty();
		}).doFinally(signal -> verdict.tryEmitEmpty()).then();
		Mono<Void> watchdog = Flux.interval(this.heartbeat)
			.filter(tick -> System.nanoTime() - lastHeard.get() > 2 * this.heartbeat.toNanos())
			.next()
			.doOnNext(tick -> verdict.tryEmitValue(SILENT))
			.then()
			.or(verdict.asMono().then());
		AtomicReference<StreamEvent> last = new AtomicReference<>();
		Flux<StreamEvent> refusable = events.doOnNext(last::set).onErrorResume(StreamLimitException.class, ex -> {
			verdict.tryEmitValue(CloseStatus.create(ex.closeCode(), ex.getBody().getDetail()));
			return Flux.empty();
		});
		Flux<WebSocketMessage> output = Heartbeat.around(
				refusable.map(event -> session.textMessage(this.json.writeValueAsString(event))), this.heartbeat,
				() -> session.pingMessage(buffers -> buffers.wrap(PING)));
		Mono<Void> outbound = session.send(output.takeUntilOther(verdict.asMono()))
			.then(Mono.defer(() -> {
				// still undecided: the events ended, after a resync for a subscriber that fell
				// behind, or because the instance is shutting down
				verdict.tryEmitValue((last.get() instanceof Resync) ? FELL_BEHIND : GOING_AWAY);
				return verdict.asMono();
			}))
			.flatMap(session::close);
		return Mono.when(inbound, outbound, watchdog);
	}

	private CloseStatus undecodable(DecoderException ex) {
		if (ex instanceof TooLongFrameException) {
			return CloseStatus.TOO_BIG_TO_PROCESS.withReason("message larger than %d bytes".formatted(this.maxFrameSize));
		}
		if (ex instanceof CorruptedWebSocketFrameException corrupted) {
			return CloseStatus.create(corrupted.closeStatus().code(), corrupted.getMessage());
		}
		return CloseStatus.PROTOCOL_ERROR.withReason("undecodable frame");
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
