package dev.baton.push;

import java.util.Optional;
import java.util.function.Function;

import dev.baton.events.FellBehindException;
import dev.baton.events.StreamEvent;
import dev.baton.limits.StreamLimitException;
import dev.baton.push.commands.Answer;
import dev.baton.push.commands.CommandHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One WebSocket subscriber: its events go out as JSON text frames, with a ping every heartbeat,
 * until the session ends with a close code saying why:
 * <ul>
 * <li>1001 when the instance shuts down; 1013 after a {@code resync} for a subscriber that fell
 * behind;</li>
 * <li>1003 for a binary frame, 1007 for text that is not JSON, 1009 for a message over
 * {@code baton.stream.max-frame-size};</li>
 * <li>1008 or 1013 when a stream limit refuses the subscriber; 4000 for a peer that stopped
 * answering pings; 4001 when its sign-in ended (signed out, session expired, user deleted, token
 * revoked); 4403 when its reader may no longer read a channel it named.</li>
 * </ul>
 * Clients send commands ({@link SocketCommand}, and {@code {"type":"ping"}} as an
 * application-level keep-alive); their answers go out between the events. Each frame is
 * flushed as it is written. After its close frame the server reads on until the peer's
 * ({@link LingeringClose}).
 */
final class WebSocketSubscription {

	static final WebSocketCloseStatus FELL_BEHIND = new WebSocketCloseStatus(1013,
			"subscriber fell behind: refetch, then reconnect with since=<resync seq>");

	static final WebSocketCloseStatus GOING_AWAY = new WebSocketCloseStatus(1001,
			"server shutting down: reconnect with since=<last seq>");

	static final WebSocketCloseStatus SILENT = new WebSocketCloseStatus(4000, "no answer to pings");

	private static final ByteBuf PING = EventFrames.shared("baton");

	private final WebsocketInbound inbound;

	private final WebsocketOutbound outbound;

	private final int maxFrameSize;

	private final Flux<StreamEvent> events;

	private final Subscriptions.Subscription subscription;

	private final OpenStream stream;

	private final Function<StreamEvent, ByteBuf> encoding;

	private final Flux<Long> ticks;

	private final JsonMapper json;

	private final TransportProperties properties;

	private final CommandHandler commands;

	// The answers to the client's commands. Sent while the events last, and read by inbound() to
	// the end, so that the socket is read until the peer closes it, whatever the outbound does.
	private final Flux<WebSocketFrame> answers;

	// Why the session ends, decided once by whichever part sees it first; empty when the peer left.
	private final Sinks.One<WebSocketCloseStatus> verdict = Sinks.one();

	// Why the events ended, applied once every frame before the end has been sent.
	private volatile WebSocketCloseStatus ending;

	private volatile long lastHeard = System.nanoTime();

	WebSocketSubscription(WebsocketInbound inbound, WebsocketOutbound outbound, Flux<StreamEvent> events,
			Subscriptions.Subscription subscription, Function<StreamEvent, ByteBuf> encoding, Flux<Long> ticks, JsonMapper json, TransportProperties properties,
			CommandHandler commands) {
		this.inbound = inbound;
		this.outbound = outbound;
		this.maxFrameSize = Math.toIntExact(properties.maxFrameSize().toBytes());
		this.events = events;
		this.subscription = subscription;
		this.stream = subscription.stream();
		this.encoding = encoding;
		this.ticks = ticks;
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
		return this.answers.then().or(this.inbound.receiveCloseStatus().then());
	}

	// Reads the socket once, for inbound() and for the outbound, at the pace of the slower.
	private Flux<WebSocketFrame> answers() {
		return this.commands.inOrder(this.inbound.aggregateFrames(this.maxFrameSize)
			.receiveFrames()
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
		return this.ticks
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
		// pings, answers and signals go out between the frames for as long as the frames last
		Flux<WebSocketFrame> pings = this.ticks.map(tick -> new PingWebSocketFrame(PING.duplicate()));
		Flux<WebSocketFrame> frames = Alongside.of(this.subscription.withSignals(events.map(this::textFrame),
				signal -> new TextWebSocketFrame(Unpooled.wrappedBuffer(signal.json()))), pings, this.answers);
		return this.outbound.sendObject(frames.takeUntilOther(this.verdict.asMono()), frame -> true)
			.then()
			.then(Mono.defer(() -> {
				if (this.ending != null) {
					decide(this.ending);
				}
				return this.verdict.asMono();
			}))
			.doOnNext(status -> this.stream.closing(status.reasonText(), status.code()))
			.flatMap(status -> this.outbound.sendClose(status.code(), status.reasonText()));
	}

	// the shared encoding, written without a copy
	private WebSocketFrame textFrame(StreamEvent event) {
		return this.stream.sent(new TextWebSocketFrame(this.encoding.apply(event)));
	}

	private void decide(WebSocketCloseStatus status) {
		this.verdict.tryEmitValue(status);
	}

	private static WebSocketCloseStatus closeStatus(Throwable ended) {
		if (ended instanceof FellBehindException) {
			return FELL_BEHIND;
		}
		if (ended instanceof StreamEndedException stopped) {
			return new WebSocketCloseStatus(stopped.closeCode(), stopped.closeReason());
		}
		if (ended instanceof StreamLimitException refused) {
			return new WebSocketCloseStatus(refused.closeCode(), refused.getBody().getDetail());
		}
		return new WebSocketCloseStatus(1011, "stream failed");
	}

	private WebSocketCloseStatus undecodable(DecoderException ex) {
		if (ex instanceof TooLongFrameException) {
			return new WebSocketCloseStatus(1009, "message larger than %d bytes".formatted(this.maxFrameSize));
		}
		if (ex instanceof CorruptedWebSocketFrameException corrupted) {
			return new WebSocketCloseStatus(corrupted.closeStatus().code(), corrupted.getMessage());
		}
		return new WebSocketCloseStatus(1002, "undecodable frame");
	}

	// The frame is read now, while its buffer is valid, and answered in its turn; not at all once
	// the session is to close: what the peer still sends then is read and dropped. A ping is
	// answered in turn too, so that pongs a peer does not read hold its pings back as answers do.
	private Mono<WebSocketFrame> answer(WebSocketFrame frame) {
		String text = (frame instanceof TextWebSocketFrame textFrame) ? textFrame.text() : null;
		byte[] ping = (frame instanceof PingWebSocketFrame) ? ByteBufUtil.getBytes(frame.content()) : null;
		boolean binary = frame instanceof BinaryWebSocketFrame;
		return Mono.defer(() -> {
			if (Boolean.TRUE.equals(this.verdict.scan(Scannable.Attr.TERMINATED))) {
				return Mono.empty();
			}
			if (ping != null) {
				return Mono.just(new PongWebSocketFrame(Unpooled.wrappedBuffer(ping)));
			}
			if (binary) {
				return reject(new WebSocketCloseStatus(1003, "binary frames are not accepted"));
			}
			if (text == null) {
				return Mono.empty();
			}
			return json(text).map(command -> this.commands.answer(command).map(this::textMessage))
				.orElseGet(() -> reject(new WebSocketCloseStatus(1007, "frame is not valid JSON")));
		});
	}

	private WebSocketFrame textMessage(Answer answer) {
		return new TextWebSocketFrame(this.json.writeValueAsString(answer));
	}

	private Mono<WebSocketFrame> reject(WebSocketCloseStatus status) {
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
