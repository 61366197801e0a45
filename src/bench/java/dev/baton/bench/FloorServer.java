package dev.baton.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The floor: the design's fan-out on bare Reactor Netty and nothing else, so that a report shows
 * how much of the gap to Nchan is the platform and how much is Baton. One sink fans each event
 * out, each subscriber reads it through its own buffer of 256, and every write shares the bytes
 * encoded once per event; Baton's paths and wire format; a Basic header compared as a string. No
 * database, log, resume, heartbeat, limit or resync. Started by {@link FloorTarget} as
 * {@code java … FloorServer PORT}, with the one Authorization header it accepts in
 * {@code FLOOR_AUTHORIZATION}.
 */
public final class FloorServer {

	private static final ByteBuf RETRY = shared("retry:3000\n\n");

	// best effort drops an event only for a subscriber without demand, which the buffer never is;
	// and it keeps taking subscribers after all have left
	private final Sinks.Many<Frames> sink = Sinks.many().multicast().directBestEffort();

	private final String authorization;

	private long seq;

	private FloorServer(String authorization) {
		this.authorization = authorization;
	}

	public static void main(String[] arguments) {
		FloorServer floor = new FloorServer(System.getenv("FLOOR_AUTHORIZATION"));
		HttpServer.create()
			.host("127.0.0.1")
			.port(Integer.parseInt(arguments[0]))
			.route((routes) -> routes.post("/api/updates", floor::publish)
				.get("/ws/updates", floor::websocket)
				.get("/api/updates/stream", floor::sse))
			.bindNow()
			.onDispose()
			.block();
	}

	private Publisher<Void> publish(HttpServerRequest request, HttpServerResponse response) {
		if (!authorized(request)) {
			return refuse(response);
		}
		return request.receive()
			.then(Mono.fromSupplier(this::emit))
			.flatMap((seq) -> response.status(HttpResponseStatus.CREATED)
				.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
				.sendString(Mono.just("{\"id\":" + seq + "}"))
				.then());
	}

	private Publisher<Void> websocket(HttpServerRequest request, HttpServerResponse response) {
		if (!authorized(request)) {
			return refuse(response);
		}
		return response.sendWebsocket((in, out) -> out
			.sendObject(events().map((frames) -> new TextWebSocketFrame(frames.json().duplicate())), (frame) -> true));
	}

	private Publisher<Void> sse(HttpServerRequest request, HttpServerResponse response) {
		if (!authorized(request)) {
			return refuse(response);
		}
		// the retry hint first, as Baton's, also sends the headers before any event
		return response.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
			.header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
			.header("X-Accel-Buffering", "no")
			.send(Flux.concat(Mono.just(RETRY.duplicate()), events().map((frames) -> frames.sse().duplicate())),
					(frame) -> true);
	}

	private Flux<Frames> events() {
		return this.sink.asFlux().onBackpressureBuffer(256);
	}

	// one at a time, so that every subscriber gets the seqs in order; with no subscriber an event
	// is simply gone, as there is no log
	private synchronized long emit() {
		long seq = ++this.seq;
		String json = "{\"type\":\"updates_changed\",\"seq\":" + seq + ",\"update_id\":" + seq
				+ ",\"channel\":\"general\",\"action\":\"created\",\"actor\":\"bench\",\"at\":\"" + Instant.now()
				+ "\"}";
		String sse = "id:" + seq + "\nevent:updates_changed\ndata:" + json + "\n\n";
		this.sink.tryEmitNext(new Frames(shared(json), shared(sse)));
		return seq;
	}

	private boolean authorized(HttpServerRequest request) {
		return this.authorization.equals(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
	}

	private static Mono<Void> refuse(HttpServerResponse response) {
		return response.status(HttpResponseStatus.UNAUTHORIZED).header(HttpHeaderNames.WWW_AUTHENTICATE, "Basic").send();
	}

	/** Bytes every subscriber's write shares: each write takes a duplicate, which has its own indexes. */
	private static ByteBuf shared(String text) {
		return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * One event as each transport writes it.
	 *
	 * @param json the WebSocket text frame's payload
	 * @param sse the whole SSE frame
	 */
	private record Frames(ByteBuf json, ByteBuf sse) {
	}

}
