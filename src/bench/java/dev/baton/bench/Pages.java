package dev.baton.bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Clients that fetch the feed fragment, as the page does: either on every event (notify, then
 * fetch, a burst folded into one fetch) or every second (the polling the service replaces). A
 * fetch that shows newer update ids records, for each, the time from its post to now.
 */
final class Pages {

	private final HttpClient client;

	private volatile List<HttpClient> sessions = List.of();

	private final String feed;

	private final Latencies latencies;

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong bytes = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong late = new AtomicLong();

	private final long herdDelayMillis;

	private volatile Disposable polling;

	Pages(GeneratorSettings settings, LoopResources loops, Latencies latencies, long herdDelayMillis) {
		String basic = "Basic " + Base64.getEncoder()
			.encodeToString((settings.user() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
		// one kept-alive connection per page at most, as each browser has its own
		ConnectionProvider pool = ConnectionProvider.builder("pages")
			.maxConnections(Math.max(1, settings.count()))
			.pendingAcquireMaxCount(-1)
			.build();
		String address = settings.bindAddresses().get(settings.bindAddresses().size() - 1);
		this.client = HttpClient.create(pool)
			.runOn(loops)
			.bindAddress(() -> new InetSocketAddress(address, 0))
			.responseTimeout(Duration.ofSeconds(30))
			.headers((headers) -> headers.set(HttpHeaderNames.AUTHORIZATION, basic));
		this.feed = settings.feed();
		this.latencies = latencies;
		this.herdDelayMillis = herdDelayMillis;
	}

	/** From now on, page {@code i} fetches with session cookie {@code i % n} instead of Basic credentials. */
	void useSessions(List<String> cookies) {
		this.sessions = cookies.stream()
			.map((cookie) -> this.client.headers((h) -> h.remove(HttpHeaderNames.AUTHORIZATION).set(HttpHeaderNames.COOKIE, cookie)))
			.toList();
	}

	/** One fetch per page, to learn what each shows before anything is posted. */
	Mono<Void> baseline(List<Subscriber> pages) {
		return Flux.fromIterable(pages).flatMap(this::fetch, 64).then();
	}

	/** A page's reaction to an event: fetch the fragment after a short pause, once per burst. */
	void onEvent(Subscriber page) {
		synchronized (page) {
			if (page.fetching) {
				page.dirty = true;
				return;
			}
			page.fetching = true;
		}
		Mono.delay(Duration.ofMillis(this.herdDelayMillis)).then(fetch(page)).subscribe(null, null, () -> fetched(page));
	}

	/** Every page fetches every {@code intervalMillis}, spread evenly over the interval by one shared timer. */
	void startPolling(List<Subscriber> pages, long intervalMillis) {
		int slots = (int) Math.max(1, intervalMillis / 10);
		this.polling = Flux.interval(Duration.ofMillis(10)).subscribe((tick) -> {
			for (int i = (int) (tick % slots); i < pages.size(); i += slots) {
				poll(pages.get(i));
			}
		});
	}

	void stopPolling() {
		Disposable polling = this.polling;
		if (polling != null) {
			polling.dispose();
		}
	}

	String stats() {
		return "requests=" + this.requests.get() + " bytes=" + this.bytes.get() + " failures=" + this.failures.get()
				+ " late=" + this.late.get();
	}

	private void poll(Subscriber page) {
		synchronized (page) {
			if (page.fetching) {
				this.late.incrementAndGet();
				return;
			}
			page.fetching = true;
		}
		fetch(page).subscribe(null, null, () -> {
			synchronized (page) {
				page.fetching = false;
			}
		});
	}

	private void fetched(Subscriber page) {
		synchronized (page) {
			if (!page.dirty) {
				page.fetching = false;
				return;
			}
			page.dirty = false;
		}
		Mono.delay(Duration.ofMillis(this.herdDelayMillis)).then(fetch(page)).subscribe(null, null, () -> fetched(page));
	}

	private Mono<Void> fetch(Subscriber page) {
		return fragment(page).doOnNext((html) -> shown(page, html)).then();
	}

	/** One fetch of the feed fragment by {@code page}, counted with its body's bytes; empty when it failed. */
	Mono<String> fragment(Subscriber page) {
		List<HttpClient> sessions = this.sessions;
		HttpClient client = sessions.isEmpty() ? this.client : sessions.get(page.index % sessions.size());
		return client.get()
			.uri(this.feed)
			.responseSingle((response, body) -> body.asByteArray().defaultIfEmpty(new byte[0]))
			.map((body) -> {
				this.requests.incrementAndGet();
				this.bytes.addAndGet(body.length);
				return new String(body, StandardCharsets.UTF_8);
			})
			.doOnError((ex) -> this.failures.incrementAndGet())
			.onErrorResume((ex) -> Mono.empty());
	}

	private void shown(Subscriber page, String html) {
		long now = System.nanoTime();
		long newest = Wire.newestInFeed(html);
		if (page.shown >= 0) {
			for (long id = page.shown + 1; id <= newest; id++) {
				this.latencies.received(id, now);
			}
		}
		page.shown = Math.max(page.shown, newest);
	}

}
