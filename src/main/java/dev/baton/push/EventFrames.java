package dev.baton.push;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.baton.events.StreamEvent;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Each event encoded once per transport, as bytes that every subscriber's write shares: the
 * JSON of a WebSocket text frame and the whole SSE frame. Subscribers of one event ask for it
 * at about the same time, so the recent events are kept by seq in a small ring; a subscriber
 * that is far behind simply encodes its event again.
 */
@Component
class EventFrames {

	private static final int RING = 64;

	private final JsonMapper json;

	private final AtomicReferenceArray<Encoded> recent = new AtomicReferenceArray<>(RING);

	EventFrames(JsonMapper json) {
		this.json = json;
	}

	/** The event as the JSON of a WebSocket text frame. */
	byte[] json(StreamEvent event) {
		return encoded(event).json();
	}

	/** The event as a complete SSE frame: {@code id}, {@code event} and {@code data} lines. */
	byte[] sse(StreamEvent event) {
		return encoded(event).sse();
	}

	private Encoded encoded(StreamEvent event) {
		int slot = (int) (event.seq() & (RING - 1));
		Encoded cached = this.recent.get(slot);
		if (cached != null && cached.event().equals(event)) {
			return cached;
		}
		Encoded encoded = encode(event);
		this.recent.set(slot, encoded);
		return encoded;
	}

	private Encoded encode(StreamEvent event) {
		String json = this.json.writeValueAsString(event);
		String sse = "id:%d\nevent:%s\ndata:%s\n\n".formatted(event.seq(), event.type(), json);
		return new Encoded(event, json.getBytes(StandardCharsets.UTF_8), sse.getBytes(StandardCharsets.UTF_8));
	}

	private record Encoded(StreamEvent event, byte[] json, byte[] sse) {
	}

}
