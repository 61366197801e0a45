package dev.baton.push;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ends a stream that may not go on: its sign-in ended (its session was signed out or expired, its
 * user was deleted, its service token revoked), or its reader may no longer read a channel it
 * named. WebSocket: closed with {@link #SIGN_IN_ENDED} or {@link #READ_WITHDRAWN} and the reason;
 * SSE: a last {@code signed_out} or {@code access_withdrawn} event, then the end of the response.
 */
final class StreamEndedException extends RuntimeException {

	/** The WebSocket close code of a stream whose sign-in ended. */
	static final int SIGN_IN_ENDED = 4001;

	/** The WebSocket close code of a stream whose reader may no longer read a channel it named. */
	static final int READ_WITHDRAWN = 4403;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final int closeCode;

	private final String type;

	private final String advice;

	private StreamEndedException(String reason, int closeCode, String type, String advice) {
		super(reason, null, false, false);
		this.closeCode = closeCode;
		this.type = type;
		this.advice = advice;
	}

	static StreamEndedException signInEnded(String reason) {
		return new StreamEndedException(reason, SIGN_IN_ENDED, "signed_out", "sign in again");
	}

	static StreamEndedException readWithdrawn(String reason) {
		return new StreamEndedException(reason, READ_WITHDRAWN, "access_withdrawn", "subscribe to channels you may read");
	}

	/** The WebSocket close code. */
	int closeCode() {
		return this.closeCode;
	}

	/** The WebSocket close reason: why, and what to do. */
	String closeReason() {
		return getMessage() + ": " + this.advice;
	}

	/** The SSE frame that ends the stream; not in the log, so without an {@code id}. */
	ByteBuf sseFrame() {
		String data = JSON.writeValueAsString(new Ended(this.type, getMessage()));
		return Unpooled.copiedBuffer("event:%s\ndata:%s\n\n".formatted(this.type, data), StandardCharsets.UTF_8);
	}

	private record Ended(String type, String reason) {
	}

}
