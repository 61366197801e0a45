package dev.baton.push;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Ends a stream whose sign-in ended: its session was signed out or expired, or its user was
 * deleted. WebSocket: closed with {@link #CLOSE_CODE}; SSE: a last {@code signed_out} event,
 * then the end of the response.
 */
final class SignInEndedException extends RuntimeException {

	/** The WebSocket close code of a stream whose sign-in ended. */
	static final int CLOSE_CODE = 4001;

	SignInEndedException(String reason) {
		super(reason, null, false, false);
	}

	/** The SSE frame that ends the stream; not in the log, so without an {@code id}. */
	ByteBuf sseFrame() {
		return Unpooled.copiedBuffer("event:signed_out\ndata:{\"type\":\"signed_out\",\"reason\":\"%s\"}\n\n"
			.formatted(getMessage()), StandardCharsets.US_ASCII);
	}

}
