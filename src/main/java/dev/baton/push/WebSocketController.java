package dev.baton.push;

import dev.baton.events.StreamEvent;
import dev.baton.limits.StreamLimitException;
import dev.baton.problems.Problem;
import dev.baton.problems.Refusals;
import dev.baton.push.commands.CommandHandler;
import dev.baton.push.commands.SocketCommands;
import dev.baton.security.OriginPolicy;
import dev.baton.updates.Actor;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code /ws/updates?channels=a,b&since=N}: the stream over WebSocket. The origin and the query
 * are checked before the upgrade, so a bad request gets an HTTP problem response, not a socket;
 * the connection is then handed over ({@link StreamHandoff}), upgraded by Reactor Netty and
 * served by a {@link WebSocketSubscription}. The origin check is also what lets a page's socket,
 * signed in by the session cookie, carry commands that write: a page of another origin never
 * gets the socket.
 */
@RestController
class WebSocketController {

	private final Subscriptions subscriptions;

	private final OriginPolicy originPolicy;

	private final EventFrames frames;

	private final Heartbeat heartbeat;

	private final JsonMapper json;

	private final TransportProperties properties;

	private final SocketCommands commands;

	private final Refusals refusals;

	private final int maxFrameSize;

	private final WebsocketServerSpec spec;

	WebSocketController(Subscriptions subscriptions, OriginPolicy originPolicy,
			EventFrames frames, Heartbeat heartbeat, JsonMapper json, TransportProperties properties,
			SocketCommands commands, Refusals refusals) {
		this.subscriptions = subscriptions;
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
		this.spec = WebsocketServerSpec.builder().maxFramePayloadLength(this.maxFrameSize).handlePing(true).build();
	}

	@GetMapping("/ws/updates")
	Mono<Void> updates(ServerWebExchange exchange, @RequestParam(required = false) String channels,
			@RequestParam(required = false) String since, @RequestParam(required = false) String include,
			Authentication user) {
		this.originPolicy.check(exchange.getRequest());
		CommandHandler commands = this.commands.forUser(Actor.of(user));
		return this.subscriptions
			.open(Transport.WEBSOCKET, exchange, StreamHandoff.eventLoop(exchange), user, channels, since, "since",
					include)
			.doOnNext(subscription -> requireHandshake(exchange.getRequest()))
			// nothing is held for the socket before the upgrade: its permit is taken once it is upgraded
			.flatMap(subscription -> StreamHandoff.serve(exchange, Disposables.never(),
					response -> response.sendWebsocket((inbound, outbound) -> {
						// the frames are decoded strictly, and the connection closed as RFC 6455 asks,
						// from the first frame on
						inbound.withConnection(connection -> {
							StrictFrames.install(connection, this.maxFrameSize);
							LingeringClose.install(connection);
						});
						return new WebSocketSubscription(inbound, outbound, guarded(subscription), subscription,
								event -> this.frames.json(event, subscription.html()),
								this.heartbeat.ticks(subscription.deliverOn()), this.json, this.properties, commands)
							.serve();
					}, this.spec)));
	}

	// the socket is already upgraded when a limit refuses it: counted here, closed with a code
	private Flux<StreamEvent> guarded(Subscriptions.Subscription subscription) {
		return Flux.defer(() -> {
			subscription.stream().admit();
			return subscription.events();
		}).doOnError(StreamLimitException.class, refused -> this.refusals.count(refused.getStatusCode()));
	}

	// what RFC 6455 asks of an opening handshake, refused with a problem before anything is upgraded
	private static void requireHandshake(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		if (!"websocket".equalsIgnoreCase(headers.getUpgrade()) || !headers.getConnection()
			.stream()
			.anyMatch("upgrade"::equalsIgnoreCase) || !headers.containsHeader("Sec-WebSocket-Key")) {
			throw new Problem(HttpStatus.BAD_REQUEST,
					"/ws/updates is a WebSocket: open it with an upgrade handshake (Upgrade: websocket, "
							+ "Connection: Upgrade, Sec-WebSocket-Key), or use /api/updates/stream over plain HTTP")
				.titled("Not a WebSocket handshake");
		}
	}

}
