package dev.baton.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** A real SSE client: reads the raw stream line by line and parses it as a browser would. */
public final class SseSubscriber implements AutoCloseable {

	private final Received events = new Received();

	private final AtomicInteger comments = new AtomicInteger();

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private volatile String retry;

	private volatile String lastId;

	private final StringBuilder data = new StringBuilder();

	private volatile String lastEvent;

	private volatile HttpResponse<Stream<String>> response;

	static SseSubscriber open(HttpClient http, URI uri, String lastEventId, Map<String, String> headers) {
		SseSubscriber subscriber = new SseSubscriber();
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
		headers.forEach(request::header);
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		try {
			subscriber.response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("SSE connection failed", ex);
		}
		Thread reader = new Thread(subscriber::read, "sse-subscriber");
		reader.setDaemon(true);
		reader.start();
		return subscriber;
	}

	public Received events() {
		return this.events;
	}

	public int status() {
		return this.response.statusCode();
	}

	public HttpHeaders headers() {
		return this.response.headers();
	}

	public int comments() {
		return this.comments.get();
	}

	public String retry() {
		return this.retry;
	}

	/** The {@code event:} name of the last event. */
	public String lastEvent() {
		return this.lastEvent;
	}

	public String lastId() {
		return this.lastId;
	}

	/** Completes when the server ends the stream. */
	public CompletableFuture<Void> ended() {
		return this.ended;
	}

	@Override
	public void close() {
		this.response.body().close();
	}

	private void read() {
		try (Stream<String> lines = this.response.body()) {
			lines.forEach(this::line);
		}
		catch (RuntimeException ex) {
			// closed by the test or by the server
		}
		finally {
			this.ended.complete(null);
		}
	}

	private void line(String line) {
		if (line.isEmpty()) {
			if (!this.data.isEmpty()) {
				this.events.add(this.data.toString());
			}
			this.data.setLength(0);
		}
		else if (line.startsWith(":")) {
			this.comments.incrementAndGet();
		}
		else if (line.startsWith("data:")) {
			this.data.append(line.substring(5).strip());
		}
		else if (line.startsWith("id:")) {
			this.lastId = line.substring(3).strip();
		}
		else if (line.startsWith("event:")) {
			this.lastEvent = line.substring(6).strip();
		}
		else if (line.startsWith("retry:")) {
			this.retry = line.substring(6).strip();
		}
	}

}
