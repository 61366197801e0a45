package dev.baton.bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Opens subscribers with Reactor Netty, the library the server itself runs on: WebSocket frames
 * or an SSE byte stream split into lines. Each subscriber gets its own connection (no pool, which
 * would cap connections per host) from one of several loopback source addresses, so one process
 * is not limited to one address's ephemeral ports.
 */
final class Connector {

	private static final WebsocketClientSpec WEBSOCKET = WebsocketClientSpec.builder()
		.maxFramePayloadLength(1 << 20)
		.build();

	private static final HandshakeFailures.Refused CLOSED_BEFORE_OPEN = new HandshakeFailures.Refused(
			"closed before it opened");

	/** Reconnect attempts before a subscriber gives up: some minutes of backing off, then it stops. */
	private static final int MAX_ATTEMPTS = 40;

	private final GeneratorSettings settings;

	private final Listener listener;

	private final AtomicLong bytes = new AtomicLong();

	private final AtomicLong updates = new AtomicLong();

	private final AtomicLong updateBytes = new AtomicLong();

	private final HandshakeFailures failures;

	private final List<HttpClient> clients = new ArrayList<>();

	private final List<HttpClient> stalledClients = new ArrayList<>();

	private volatile boolean reconnect;

	private volatile List<String> cookies = List.of();

	private volatile String include = "";

	/** Every how many-th subscriber (by index) asks for {@link #include}: 1 for all. */
	private volatile int includeEvery = 1;

	/** The Basic header of each user, when subscribers are spread over users. */
	private final Map<String, String> basics = new ConcurrentHashMap<>();

	Connector(GeneratorSettings settings, LoopResources loops, Listener listener) {
		this.settings = settings;
		this.listener = listener;
		this.failures = new HandshakeFailures(settings.handshakeTimeout());
		String basic = basic(settings.user());
		for (String address : settings.bindAddresses()) {
			HttpClient client = HttpClient.create(ConnectionProvider.newConnection())
				.runOn(loops)
				.bindAddress(() -> new InetSocketAddress(address, 0))
				.headers((headers) -> headers.set(HttpHeaderNames.AUTHORIZATION, basic));
			this.clients.add(client);
			// a subscriber that stops reading should stall soon, not after megabytes of kernel buffer
			this.stalledClients.add(client.option(ChannelOption.SO_RCVBUF, 2048));
		}
	}

	/** From now on, subscriber {@code i} opens with session cookie {@code i % n}, as a page does. */
	void useSessions(List<String> cookies) {
		this.cookies = cookies;
	}

	/** From now on, streams open with {@code include=what} (e.g. {@code html}, each item's markup on its event). */
	void include(String what) {
		include(what, 1);
	}

	/** From now on, every {@code every}-th subscriber's stream opens with {@code include=what}, the others without. */
	void include(String what, int every) {
		this.include = what;
		this.includeEvery = every;
	}

	/** Whether the subscriber's stream asks for {@link #include}. */
	boolean includes(Subscriber subscriber) {
		return !this.include.isEmpty() && subscriber.index % this.includeEvery == 0;
	}

	private String basic(String user) {
		return "Basic " + Base64.getEncoder()
			.encodeToString((user + ":" + this.settings.password()).getBytes(StandardCharsets.UTF_8));
	}

	/** Whether a dropped subscriber reconnects by itself, with its resume point. */
	void reconnect(boolean reconnect) {
		this.reconnect = reconnect;
	}

	/**
	 * Completes when the subscriber's stream is open or has failed to open (its state says which, and
	 * {@link #failures()} why).
	 */
	Mono<Void> open(Subscriber subscriber) {
		return Mono.<Void>create((sink) -> {
			int generation = ++subscriber.generation;
			// a handshake given up on must not open later and pass for one that did in time
			sink.onCancel(() -> abandon(subscriber, generation));
			subscriber.connection = subscriber.sse ? sse(subscriber, generation, sink)
					: websocket(subscriber, generation, sink);
		})
			.timeout(this.settings.handshakeTimeout())
			.onErrorResume((ex) -> failed(subscriber, ex));
	}

	HandshakeFailures failures() {
		return this.failures;
	}

	/** Cuts the subscriber's connection from this side, as a network failure would. */
	void cut(Subscriber subscriber) {
		Disposable connection = subscriber.connection;
		subscriber.generation++;
		subscriber.state = Subscriber.State.DROPPED;
		if (connection != null) {
			connection.dispose();
		}
		if (this.reconnect) {
			reopen(subscriber, 1);
		}
	}

	void close(Subscriber subscriber) {
		subscriber.state = Subscriber.State.CLOSED;
		Disposable connection = subscriber.connection;
		if (connection != null) {
			connection.dispose();
		}
	}

	private HttpClient client(Subscriber subscriber) {
		List<HttpClient> pool = subscriber.stalled ? this.stalledClients : this.clients;
		HttpClient client = pool.get(subscriber.index % pool.size());
		List<String> cookies = this.cookies;
		if (this.settings.users().perProcess() > 0) {
			String basic = this.basics.computeIfAbsent(this.settings.user(subscriber.index), this::basic);
			return client.headers((h) -> h.set(HttpHeaderNames.AUTHORIZATION, basic));
		}
		if (cookies.isEmpty()) {
			return client;
		}
		String cookie = cookies.get(subscriber.index % cookies.size());
		return client.headers((h) -> h.remove(HttpHeaderNames.AUTHORIZATION).set(HttpHeaderNames.COOKIE, cookie));
	}

	private Disposable websocket(Subscriber subscriber, int generation, MonoSink<Void> sink) {
		String uri = resume(this.settings.websocket(), subscriber, "since");
		return client(subscriber).websocket(WEBSOCKET)
			.uri(uri)
			.handle((in, out) -> {
				opened(subscriber, generation, sink, in::withConnection);
				return in.receiveFrames()
					.doOnNext((frame) -> {
						if (frame instanceof TextWebSocketFrame text) {
							event(subscriber, generation, text.text(), text.content().readableBytes());
						}
					})
					.then();
			})
			.subscribe(null, (ex) -> ended(subscriber, generation, sink, ex),
					() -> ended(subscriber, generation, sink, CLOSED_BEFORE_OPEN));
	}

	private Disposable sse(Subscriber subscriber, int generation, MonoSink<Void> sink) {
		Lines lines = new Lines();
		String uri = resume(this.settings.sse(), subscriber, "lastEventId");
		return client(subscriber).headers((headers) -> headers.set(HttpHeaderNames.ACCEPT, "text/event-stream"))
			.get()
			.uri(uri)
			.responseConnection((response, connection) -> {
				if (response.status().code() != 200) {
					return Mono.error(new HandshakeFailures.Refused("HTTP " + response.status().code()));
				}
				opened(subscriber, generation, sink, (use) -> use.accept(connection));
				return connection.inbound().receive().asString(StandardCharsets.UTF_8)
					.doOnNext((chunk) -> lines.split(chunk, (line) -> sseLine(subscriber, generation, line)))
					.then();
			})
			.subscribe(null, (ex) -> ended(subscriber, generation, sink, ex),
					() -> ended(subscriber, generation, sink, CLOSED_BEFORE_OPEN));
	}

	private String resume(String uri, Subscriber subscriber, String parameter) {
		String asked = includes(subscriber) ? uri + (uri.contains("?") ? "&" : "?") + "include=" + this.include : uri;
		if (subscriber.lastSeq <= 0 || !this.settings.resume()) {
			return asked;
		}
		return asked + (asked.contains("?") ? "&" : "?") + parameter + "=" + subscriber.lastSeq;
	}

	private void opened(Subscriber subscriber, int generation, MonoSink<Void> sink,
			Consumer<Consumer<Connection>> connection) {
		if (generation != subscriber.generation) {
			return;
		}
		if (subscriber.stalled) {
			connection.accept((c) -> c.channel().config().setAutoRead(false));
		}
		subscriber.openedAt = System.nanoTime();
		subscriber.state = Subscriber.State.OPEN;
		subscriber.connects++;
		sink.success();
	}

	private void sseLine(Subscriber subscriber, int generation, String line) {
		if (line.startsWith("data:")) {
			event(subscriber, generation, line, line.length());
		}
	}

	/**
	 * Bytes of events received over every stream, for the comparison with polling: a WebSocket
	 * frame's payload, an SSE {@code data:} line's characters.
	 */
	long bytes() {
		return this.bytes.get();
	}

	/** The events received (not resyncs), and their bytes as {@link #bytes()} counts them. */
	String updates() {
		return "events=" + this.updates.get() + " eventBytes=" + this.updateBytes.get();
	}

	private void event(Subscriber subscriber, int generation, String json, int bytes) {
		if (generation != subscriber.generation) {
			return;
		}
		this.bytes.addAndGet(bytes);
		// presence and typing are not in the log: no seq, so not an update's order or count
		if (Wire.isEphemeral(json)) {
			this.listener.ephemeral(subscriber, json);
			return;
		}
		if (Wire.isResync(json)) {
			subscriber.resyncs++;
			this.listener.resync(subscriber);
			return;
		}
		this.updates.incrementAndGet();
		this.updateBytes.addAndGet(bytes);
		long updateId = Wire.eventId(json);
		if (subscriber.receive(Wire.number(json, "seq"), updateId)) {
			this.listener.event(subscriber, updateId, json);
		}
	}

	private void ended(Subscriber subscriber, int generation, MonoSink<Void> sink, Throwable cause) {
		if (generation != subscriber.generation) {
			return;
		}
		if (subscriber.state == Subscriber.State.OPEN) {
			subscriber.state = Subscriber.State.DROPPED;
			if (this.reconnect) {
				reopen(subscriber, 1);
			}
		}
		sink.error(cause);
	}

	private void abandon(Subscriber subscriber, int generation) {
		if (generation != subscriber.generation) {
			return;
		}
		subscriber.generation++;
		Disposable connection = subscriber.connection;
		if (connection != null) {
			connection.dispose();
		}
	}

	private Mono<Void> failed(Subscriber subscriber, Throwable failure) {
		this.failures.count(failure);
		if (subscriber.state != Subscriber.State.OPEN) {
			subscriber.state = Subscriber.State.FAILED;
		}
		return Mono.empty();
	}

	// Clients reconnect after a random pause, as browsers with jitter do, and back off (to at most
	// 10 s) while they fail. Only a failed attempt retries here; one that opened and then dropped
	// is reopened by ended(), so a subscriber never has two connections at once.
	private void reopen(Subscriber subscriber, int attempt) {
		long ceiling = Math.min(10_000, this.settings.reconnectSpreadMillis() * attempt);
		long pause = ThreadLocalRandom.current().nextLong(ceiling + 1);
		Mono.delay(Duration.ofMillis(pause)).then(open(subscriber)).subscribe(null, null, () -> {
			if (subscriber.state == Subscriber.State.FAILED && attempt < MAX_ATTEMPTS) {
				subscriber.state = Subscriber.State.RETRYING;
				reopen(subscriber, attempt + 1);
			}
		});
	}

	/** What a generator does with the events of its subscribers. */
	interface Listener {

		/**
		 * An {@code updates_changed} event (or a module's {@code channel_event}, its seq as its
		 * update id), in order and not seen before by this subscriber.
		 */
		void event(Subscriber subscriber, long updateId, String json);

		/** A {@code resync}: the subscriber may have missed events and should read the feed again. */
		void resync(Subscriber subscriber);

		/** An event that is not in the log: {@code presence}, {@code typing} or {@code unread}. */
		void ephemeral(Subscriber subscriber, String json);

	}

	/** Splits a byte stream's text into lines; holds only the unfinished tail of the last chunk. */
	private static final class Lines {

		private String tail = "";

		void split(String chunk, Consumer<String> line) {
			String text = this.tail.isEmpty() ? chunk : this.tail + chunk;
			int start = 0;
			for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
				line.accept(text.substring(start, end));
				start = end + 1;
			}
			this.tail = text.substring(start);
		}

	}

}
