package dev.baton.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real WebSocket client (the JDK's, which answers pings as a browser does). */
public final class WsSubscriber implements AutoCloseable {

	private final Received events = new Received();

	private final CompletableFuture<Close> closed = new CompletableFuture<>();

	private final AtomicInteger pings = new AtomicInteger();

	private final StringBuilder text = new StringBuilder();

	private WebSocket socket;

	/** A listener that records events, for tests that build the WebSocket themselves. */
	public static final class Recorder implements WebSocket.Listener {

		private final WsSubscriber subscriber = new WsSubscriber();

		private final WebSocket.Listener listener = this.subscriber.listener();

		public Received events() {
			return this.subscriber.events();
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			return this.listener.onText(webSocket, data, last);
		}

	}

	static WsSubscriber open(HttpClient http, URI uri, Map<String, String> headers) {
		WsSubscriber subscriber = new WsSubscriber();
		WebSocket.Builder builder = http.newWebSocketBuilder();
		headers.forEach(builder::header);
		try {
			subscriber.socket = builder.buildAsync(uri, subscriber.listener())
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("WebSocket handshake failed", ex);
		}
		return subscriber;
	}

	public Received events() {
		return this.events;
	}

	public WebSocket socket() {
		return this.socket;
	}

	public int pings() {
		return this.pings.get();
	}

	/** Completes with the close code and reason the server sent. */
	public CompletableFuture<Close> closed() {
		return this.closed;
	}

	@Override
	public void close() {
		if (!this.socket.isOutputClosed()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
		}
	}

	private WebSocket.Listener listener() {
		return new WebSocket.Listener() {

			@Override
			public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
				WsSubscriber.this.text.append(data);
				if (last) {
					WsSubscriber.this.events.add(WsSubscriber.this.text.toString());
					WsSubscriber.this.text.setLength(0);
				}
				webSocket.request(1);
				return null;
			}

			@Override
			public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
				WsSubscriber.this.pings.incrementAndGet();
				webSocket.request(1);
				return null;
			}

			@Override
			public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
				WsSubscriber.this.closed.complete(new Close(statusCode, reason));
				return null;
			}

			@Override
			public void onError(WebSocket webSocket, Throwable error) {
				WsSubscriber.this.closed.complete(new Close(-1, error.toString()));
			}

		};
	}

	/**
	 * How the server closed the socket.
	 *
	 * @param code the close code
	 * @param reason the reason given
	 */
	public record Close(int code, String reason) {
	}

}
