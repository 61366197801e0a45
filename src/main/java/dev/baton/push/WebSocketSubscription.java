package dev.baton.push;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import dev.baton.events.FellBehindException;
import dev.baton.events.StreamEvent;
import dev.baton.limits.StreamLimitException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * One WebSocket subscriber: its events go out as JSON text frames, with a ping every heartbeat,
 * until the session ends with a close code saying why:
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
final class WebSocketSubscription {

	static final CloseStatus FELL_BEHIND = CloseStatus.SERVICE_OVERLOAD
		.withReason("subscriber fell behind: refetch, then reconnect with since=<resync seq>");

	static final CloseStatus GOING_AWAY = CloseStatus.GOING_AWAY
		.withReason("server shutting down: reconnect with since=<last seq>");

	static final CloseStatus SILENT = CloseStatus.create(4000, "no answer to pings");

	private static final byte[] PING = "baton".getBytes(StandardCharsets.US_ASCII);

	private final WebSocketSession session;

	private final Flux<StreamEvent> events;

	private final EventFrames frames;

	private final Heartbeat heartbeat;

	private final JsonMapper json;

	private final TransportProperties properties;

	// Why the session ends, decided once by whichever part sees it first; empty when the peer left.
	private final Sinks.One<CloseStatus> verdict = Sinks.one();

	// Why the events ended, applied once every frame before the end has been sent.
	private volatile CloseStatus ending;

	private volatile long lastHeard = System.nanoTime();

	WebSocketSubscription(WebSocketSession session, Flux<StreamEvent> events, EventFrames frames, Heartbeat heartbeat,
			JsonMapper json, TransportProperties properties) {
		this.session = session;
		this.events = events;
		this.frames = frames;
		this.heartbeat = heartbeat;
		this.json = json;
		this.properties = properties;
	}

	/** Serves the session until it is closed, by either side. */
	Mono<Void> serve() {
		return Mono.when(inbound(), watchdog(), outbound());
	}

	// Never cancelled, because cancelling it drops the connection without a close code.
	private Mono<Void> inbound() {
		return this.session.receive().doOnNext(message -> {
			this.lastHeard = System.nanoTime();
			reject(message).ifPresent(this::decide);
		}).onErrorResume(DecoderException.class, ex -> {
			decide(undecodable(ex));
			return Mono.empty();
		}).doFinally(signal -> this.verdict.tryEmitEmpty()).then();
	}

	private Mono<Void> watchdog() {
		long silence = 2 * this.properties.heartbeat().toNanos();
		return this.heartbeat.ticks()
			.filter(tick -> System.nanoTime() - this.lastHeard > silence)
			.next()
			.doOnNext(tick -> decide(SILENT))
			.then()
			.or(this.verdict.asMono().then());
	}

	// The events end by completing when the instance shuts down, or with the reason they ended.
	private Mono<Void> outbound() {
		Flux<StreamEvent> events = this.events.doOnComplete(() -> this.ending = GOING_AWAY).onErrorResume(ex -> {
			this.ending = closeStatus(ex);
			return Flux.empty();
		});
		Flux<WebSocketMessage> frames = this.heartbeat.around(events.map(this::textFrame),
				() -> this.session.pingMessage(buffers -> buffers.wrap(PING)));
		return this.session.send(frames.takeUntilOther(this.verdict.asMono())).then(Mono.defer(() -> {
			if (this.ending != null) {
				decide(this.ending);
			}
			return this.verdict.asMono();
		})).flatMap(this.session::close);
	}

	// the shared encoding, wrapped without a copy (textMessage(String) would encode it again)
	private WebSocketMessage textFrame(StreamEvent event) {
		return new WebSocketMessage(WebSocketMessage.Type.TEXT, this.session.bufferFactory().wrap(this.frames.json(event)));
	}

	private void decide(CloseStatus status) {
		this.verdict.tryEmitValue(status);
	}

	private static CloseStatus closeStatus(Throwable ended) {
		if (ended instanceof FellBehindException) {
			return FELL_BEHIND;
		}
		if (ended instanceof StreamLimitException refused) {
			return CloseStatus.create(refused.closeCode(), refused.getBody().getDetail());
		}
		return CloseStatus.SERVER_ERROR.withReason("stream failed");
	}

	private CloseStatus undecodable(DecoderException ex) {
		if (ex instanceof TooLongFrameException) {
			return CloseStatus.TOO_BIG_TO_PROCESS
				.withReason("message larger than %d bytes".formatted(this.properties.maxFrameSize().toBytes()));
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
