package dev.baton.push;

import dev.baton.events.StreamEvent;
import dev.baton.limits.StreamLimitException;
import dev.baton.limits.StreamPermits;
import dev.baton.problems.Refusals;
import dev.baton.push.commands.SocketCommands;
import dev.baton.security.OriginPolicy;
import dev.baton.updates.Actor;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code /ws/updates?channels=a,b&since=N}: the stream over WebSocket. The origin and the query
 * are checked before the upgrade, so a bad request gets an HTTP problem response, not a socket;
 * each upgraded session is then a {@link WebSocketSubscription}. The origin check is also what
 * lets a page's socket, signed in by the session cookie, carry commands that write: a page of
 * another origin never gets the socket.
 */
@RestController
class WebSocketController {

	private final Subscriptions subscriptions;

	private final StreamPermits permits;

	private final OriginPolicy originPolicy;

	private final EventFrames frames;

	private final Heartbeat heartbeat;

	private final JsonMapper json;

	private final TransportProperties properties;

	private final SocketCommands commands;

	private final Refusals refusals;

	private final int maxFrameSize;

	private final WebSocketService webSocketService;

	WebSocketController(Subscriptions subscriptions, StreamPermits permits, OriginPolicy originPolicy,
			EventFrames frames, Heartbeat heartbeat, JsonMapper json, TransportProperties properties,
			SocketCommands commands, Refusals refusals) {
		this.subscriptions = subscriptions;
		this.permits = permits;
		this.originPolicy = originPolicy;
		this.frames = frames;
		this.heartbeat = heartbeat;
		this.json = json;
		this.properties = properties;
		this.commands = commands;
		this.refusals = refusals;
		this.maxFrameSize = Math.toIntExact(properties.maxFrameSize().toBytes());
		// pings are answered by the session, in turn with the commands: Reactor Netty's own answer
		// would queue a pong for each ping, read on whether or not the peer reads its pongs
		this.webSocketService = new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
				() -> WebsocketServerSpec.builder().maxFramePayloadLength(this.maxFrameSize).handlePing(true)));
	}

	@GetMapping("/ws/updates")
	Mono<Void> updates(ServerWebExchange exchange, @RequestParam(required = false) String channels,
			@RequestParam(required = false) String since, Authentication user) {
		this.originPolicy.check(exchange.getRequest());
		return this.subscriptions.open(Transport.WEBSOCKET, exchange, user, channels, since, "since")
			.flatMap(subscription -> this.webSocketService.handleRequest(exchange,
					session -> serve(exchange, session, user, subscription)));
	}

	// the frames are decoded strictly, and the connection closed as RFC 6455 asks, from the first frame on
	private Mono<Void> serve(ServerWebExchange exchange, WebSocketSession session, Authentication user,
			Subscriptions.Subscription subscription) {
		Mono<Void> served = new WebSocketSubscription(session, guarded(user, subscription.events()), subscription.stream(),
				this.frames, this.heartbeat, this.json, this.properties, this.commands.forUser(Actor.of(user)))
			.serve();
		return Mono.fromRunnable(() -> StrictFrames.install(exchange, this.maxFrameSize))
			.then(LingeringClose.serve(exchange, served));
	}

	// the socket is already upgraded when a limit refuses it: counted here, closed with a code
	private Flux<StreamEvent> guarded(Authentication user, Flux<StreamEvent> events) {
		return this.permits.guard(user.getName(), events)
			.doOnError(StreamLimitException.class, refused -> this.refusals.count(refused.getStatusCode()));
	}

}
