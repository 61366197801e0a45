package dev.baton.push;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.baton.events.StreamEvent;
import dev.baton.events.UpdateEvent;
import dev.baton.web.UpdateItems;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Each event encoded once per transport, as bytes that every subscriber's write shares: the
 * JSON of a WebSocket text frame and the whole SSE frame. Subscribers of one event ask for it
 * at about the same time, so the recent events are kept by seq in a small ring; a subscriber
 * that is far behind simply encodes its event again.
 * <p>
 * The bytes are direct memory, which an SSE write sends as they are (the WebSocket encoder copies
 * a small frame in with its header); each write gets a
 * duplicate of its own (its own read position). They are freed by the garbage collector, not
 * by reference counts: each subscriber writes an event at its own time, through a buffer of
 * its own, so none of them could tell that it is the last.
 */
@Component
class EventFrames {

	private static final Logger logger = LoggerFactory.getLogger(EventFrames.class);

	private static final int RING = 64;

	private final JsonMapper json;

	private final UpdateItems items;

	private final AtomicReferenceArray<Encoded> recent = new AtomicReferenceArray<>(RING);

	EventFrames(JsonMapper json, UpdateItems items) {
		this.json = json;
		this.items = items;
	}

	/**
	 * The event as the JSON of a WebSocket text frame; with {@code html}, an update's event also
	 * carries the update's rendered item.
	 */
	ByteBuf json(StreamEvent event, boolean html) {
		return encoded(event).frames(html).json().duplicate();
	}

	/** The event as a complete SSE frame: {@code id}, {@code event} and {@code data} lines. */
	ByteBuf sse(StreamEvent event, boolean html) {
		return encoded(event).frames(html).sse().duplicate();
	}

	/** {@code bytes} as a buffer to share between writes, each writing a {@code duplicate()}. */
	static ByteBuf shared(byte[] bytes) {
		return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(bytes.length).put(bytes).flip()));
	}

	/** {@code text} as a buffer to share, as {@link #shared(byte[])}. */
	static ByteBuf shared(String text) {
		return shared(text.getBytes(StandardCharsets.UTF_8));
	}

	private Encoded encoded(StreamEvent event) {
		int slot = (int) (event.seq() & (RING - 1));
		Encoded cached = this.recent.get(slot);
		// the same event, whatever content it was read with (a replay shows the update as it is now)
		if (cached != null && cached.event.seq() == event.seq() && cached.event.type().equals(event.type())) {
			return cached;
		}
		Encoded encoded = new Encoded(event);
		this.recent.set(slot, encoded);
		return encoded;
	}

	private Frames encode(StreamEvent event, String html) {
		String json;
		if (html != null) {
			ObjectNode withItem = this.json.valueToTree(event);
			json = this.json.writeValueAsString(withItem.put("html", html));
		}
		else {
			json = this.json.writeValueAsString(event);
		}
		String sse = "id:%d\nevent:%s\ndata:%s\n\n".formatted(event.seq(), event.type(), json);
		return new Frames(shared(json), shared(sse));
	}

	// The event's item, or null: a stream that asked for it gets the lean event rather than none.
	private String item(StreamEvent event) {
		if (!(event instanceof UpdateEvent update)) {
			return null;
		}
		try {
			return this.items.html(update);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not render the item of update {} for seq {}", update.updateId(), update.seq(), ex);
			return null;
		}
	}

	/** One event's frames: the lean ones at once, those with the item when a stream first asks. */
	private final class Encoded {

		private final StreamEvent event;

		private final Frames plain;

		private volatile Frames withHtml;

		Encoded(StreamEvent event) {
			this.event = event;
			this.plain = encode(event, null);
		}

		Frames frames(boolean html) {
			if (!html) {
				return this.plain;
			}
			Frames frames = this.withHtml;
			if (frames == null) {
				// rendered once (UpdateItems), encoded perhaps twice by streams that ask at once
				String item = item(this.event);
				frames = (item != null) ? encode(this.event, item) : this.plain;
				this.withHtml = frames;
			}
			return frames;
		}

	}

	private record Frames(ByteBuf json, ByteBuf sse) {
	}

}
