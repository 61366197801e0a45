package dev.baton.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * People typing, in the coordinator: one WebSocket per typist ({@code bench-t0}, {@code bench-t1}...,
 * each a user of its own) on the feed channel, without {@code include=}, sending
 * {@code {"type":"typing","channel":…}} every {@value #EVERY_MILLIS} ms as the page does while
 * someone types. Their starts are spread evenly over one interval, so after it all are typing at
 * once. The time of each typist's first command of a round is told to the generators
 * ({@code typed K NANOS}), which measure from it to each subscriber's first {@code typing} event
 * naming that typist. A typist's own stream did not ask for typing, so any {@code typing} or
 * {@code presence} event on it is counted as one that should not have come.
 */
final class Typists implements AutoCloseable {

	/** How often a typist sends the command while typing: the most the contract lets a client send. */
	static final long EVERY_MILLIS = 2_000;

	private static final String COMMAND = "{\"type\":\"typing\",\"channel\":\"" + BatonTarget.FEED_CHANNEL + "\"}";

	private final List<Sinks.Many<String>> commands = new ArrayList<>();

	private final List<Disposable> connections = new ArrayList<>();

	private final AtomicLong unasked = new AtomicLong();

	private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

	private long sent;

	/**
	 * Opens {@code count} typists' streams on {@code target}, one after the other, and waits until
	 * each is open: each is a new sign-in, and the server counts sign-ins still being checked as
	 * failures of their address, refusing it (429) at 20.
	 */
	Typists(BatonTarget target, int count) {
		for (int k = 0; k < count; k++) {
			this.commands.add(Sinks.many().unicast().onBackpressureBuffer());
		}
		Flux.range(0, count).concatMap((k) -> open(target, k)).blockLast(Duration.ofSeconds(120));
	}

	private Mono<Void> open(BatonTarget target, int k) {
		Sinks.Many<String> commands = this.commands.get(k);
		Sinks.Empty<Void> open = Sinks.empty();
		String basic = Http.basic(Ephemeral.TYPIST + k, target.password());
		Disposable connection = HttpClient.create(ConnectionProvider.newConnection())
			.bindAddress(() -> new InetSocketAddress("127.0.9.10", 0))
			.headers((h) -> h.set(HttpHeaderNames.AUTHORIZATION, basic))
			.websocket()
			.uri(target.websocketUrl())
			.handle((in, out) -> {
				open.tryEmitEmpty();
				return Mono.when(out.sendString(commands.asFlux()), in.receive().asString().doOnNext(this::received));
			})
			.subscribe(null, (ex) -> {
				this.errors.add("typist stream ended: " + ex);
				open.tryEmitError(ex);
			});
		this.connections.add(connection);
		return open.asMono();
	}

	// typing and errors come without a ref, as the contract says; anything else here is a log event
	private void received(String json) {
		String type = Wire.type(json);
		if ("typing".equals(type) || "presence".equals(type)) {
			this.unasked.incrementAndGet();
		}
		else if ("error".equals(type)) {
			this.errors.add(json);
		}
	}

	/**
	 * One round: each typist types for {@code seconds}, typist k starting k/count of an interval
	 * after the first, then all stop. With {@code shards}, each typist's first command is announced
	 * to the generators. Returns once the last command was sent.
	 */
	void type(int seconds, Shards shards) {
		int count = this.commands.size();
		long interval = EVERY_MILLIS * 1_000_000;
		long started = System.nanoTime();
		int rounds = (int) Math.max(1, seconds * 1_000_000_000L / interval);
		for (int round = 0; round < rounds; round++) {
			for (int k = 0; k < count; k++) {
				LockSupport.parkNanos(started + round * interval + k * interval / count - System.nanoTime());
				long now = System.nanoTime();
				this.commands.get(k).tryEmitNext(COMMAND);
				this.sent++;
				if (round == 0 && shards != null) {
					shards.send("typed " + k + " " + now);
				}
			}
		}
	}

	/** Commands sent so far. */
	long sent() {
		return this.sent;
	}

	/** {@code typing} or {@code presence} events on the typists' streams, which did not ask for them. */
	long unasked() {
		return this.unasked.get();
	}

	/** Errors answered to a typist, and streams that ended. */
	List<String> errors() {
		return List.copyOf(this.errors);
	}

	@Override
	public void close() {
		this.commands.forEach(Sinks.Many::tryEmitComplete);
		this.connections.forEach(Disposable::dispose);
	}

}
