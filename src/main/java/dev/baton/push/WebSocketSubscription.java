package dev.baton.push;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import dev.baton.events.FellBehindException;
import dev.baton.events.StreamEvent;
import dev.baton.limits.StreamLimitException;
import dev.baton.push.commands.Answer;
import dev.baton.push.commands.CommandHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * One WebSocket subscriber: its events go out as JSON text frames, with a ping every heartbeat,
 * until the session ends with a close code saying why:
 * <ul>
 * <li>1001 when the instance shuts down; 1013 after a {@code resync} for a subscriber that fell
 * behind;</li>
 * <li>1003 for a binary frame, 1007 for text that is not JSON, 1009 for a message over
 * {@code baton.stream.max-frame-size};</li>
 * <li>1008 or 1013 when a stream limit refuses the subscriber; 4000 for a peer that stopped
 * answering pings; 4001 when its sign-in ended (signed out, session expired, user deleted).</li>
 * </ul>
 * Clients send commands ({@link SocketCommand}, and {@code {"type":"ping"}} as an
 * application-level keep-alive); their answers go out between the events. After its close frame
 * the server reads on until the peer's ({@link LingeringClose}).
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

	private final OpenStream stream;

	private final EventFrames frames;

	private final Heartbeat heartbeat;

	private final JsonMapper json;

	private final TransportProperties properties;

	private final CommandHandler commands;

	// The answers to the client's commands. Sent while the events last, and read by inbound() to
	// the end, so that the socket is read until the peer closes it, whatever the outbound does.
	private final Flux<WebSocketMessage> answers;

	// Why the session ends, decided once by whichever part sees it first; empty when the peer left.
	private final Sinks.One<CloseStatus> verdict = Sinks.one();

	// Why the events ended, applied once every frame before the end has been sent.
	private volatile CloseStatus ending;

	private volatile long lastHeard = System.nanoTime();

	WebSocketSubscription(WebSocketSession session, Flux<StreamEvent> events, OpenStream stream, EventFrames frames,
			Heartbeat heartbeat, JsonMapper json, TransportProperties properties, CommandHandler commands) {
		this.session = session;
		this.events = events;
		this.stream = stream;
		this.frames = frames;
		this.heartbeat = heartbeat;
		this.json = json;
		this.properties = properties;
		this.commands = commands;
		this.answers = answers();
	}

	/** Serves the session until it is closed, by either side. */
	Mono<Void> serve() {
		return Mono.when(inbound(), watchdog(), outbound()).doFinally(signal -> {
			this.stream.closing("client left", null);
			this.stream.closed(signal);
		});
	}

	// Never cancelled before a close frame went either way, because cancelling it drops the
	// connection without a close code; it ends with the connection even if the outbound never
	// read an answer.
	private Mono<Void> inbound() {
		return this.answers.then().or(this.session.closeStatus().then());
	}

	// Reads the socket once, for inbound() and for the outbound, at the pace of the slower.
	private Flux<WebSocketMessage> answers() {
		return this.commands.inOrder(this.session.receive()
			.doOnNext(message -> this.lastHeard = System.nanoTime())
			.map(this::answer))
			.onErrorResume(DecoderException.class, ex -> {
				decide(undecodable(ex));
				return Mono.empty();
			})
			.doFinally(signal -> this.verdict.tryEmitEmpty())
			.publish(1)
			.autoConnect(2);
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
		// pings and answers go out between the frames for as long as the frames last
		Flux<WebSocketMessage> pings = this.heartbeat.ticks()
			.map(tick -> this.session.pingMessage(buffers -> buffers.wrap(PING)));
		Flux<WebSocketMessage> frames = Alongside.of(events.map(this::textFrame), pings, this.answers);
		return this.session.send(frames.takeUntilOther(this.verdict.asMono())).then(Mono.defer(() -> {
			if (this.ending != null) {
				decide(this.ending);
			}
			return this.verdict.asMono();
		})).doOnNext(status -> this.stream.closing(status.getReason(), status.getCode())).flatMap(this.session::close);
	}

	// the shared encoding, wrapped without a copy (textMessage(String) would encode it again)
	private WebSocketMessage textFrame(StreamEvent event) {
		return this.stream.sent(new WebSocketMessage(WebSocketMessage.Type.TEXT,
				this.session.bufferFactory().wrap(this.frames.json(event))));
	}

	private void decide(CloseStatus status) {
		this.verdict.tryEmitValue(status);
	}

	private static CloseStatus closeStatus(Throwable ended) {
		if (ended instanceof FellBehindException) {
			return FELL_BEHIND;
		}
		if (ended instanceof SignInEndedException signedOut) {
			return CloseStatus.create(SignInEndedException.CLOSE_CODE, signedOut.getMessage() + ": sign in again");
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

	// The message is read now, while its buffer is valid, and answered in its turn; not at all
	// once the session is to close: what the peer still sends then is read and dropped. A ping is
	// answered in turn too, so that pongs a peer does not read hold its pings back as answers do.
	private Mono<WebSocketMessage> answer(WebSocketMessage message) {
		String text = (message.getType() == WebSocketMessage.Type.TEXT) ? message.getPayloadAsText() : null;
		byte[] ping = (message.getType() == WebSocketMessage.Type.PING) ? bytes(message.getPayload()) : null;
		return Mono.defer(() -> Boolean.TRUE.equals(this.verdict.scan(Scannable.Attr.TERMINATED)) ? Mono.empty()
				: switch (message.getType()) {
					case PING -> Mono.just(this.session.pongMessage(buffers -> buffers.wrap(ping)));
					case PONG -> Mono.empty();
					case BINARY -> reject(CloseStatus.NOT_ACCEPTABLE.withReason("binary frames are not accepted"));
					case TEXT -> json(text).map(command -> this.commands.answer(command).map(this::textMessage))
						.orElseGet(() -> reject(CloseStatus.BAD_DATA.withReason("frame is not valid JSON")));
				});
	}

	private WebSocketMessage textMessage(Answer answer) {
		return this.session.textMessage(this.json.writeValueAsString(answer));
	}

	private static byte[] bytes(DataBuffer payload) {
		byte[] bytes = new byte[payload.readableByteCount()];
		payload.read(bytes);
		return bytes;
	}

	private Mono<WebSocketMessage> reject(CloseStatus status) {
		decide(status);
		return Mono.empty();
	}

	private Optional<JsonNode> json(String text) {
		try {
			return Optional.of(this.json.readTree(text));
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

}
