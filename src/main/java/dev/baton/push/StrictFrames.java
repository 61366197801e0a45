package dev.baton.push;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import reactor.netty.Connection;

/**
 * Decodes a socket's frames as RFC 6455 asks of a server that negotiates no extension. Reactor
 * Netty builds Netty's decoder to accept the reserved bits (for a compression extension Baton
 * does not offer, so a frame with RSV1 set was read as if it were plain) and to send a close
 * frame of its own on a protocol violation, before the session sends its own: two close frames;
 * and it does not check that text is UTF-8. Here the decoder refuses the reserved bits, text
 * that is not UTF-8 is refused, and the one close frame is left to the session, which closes with
 * the code and reason of the violation ({@link WebSocketSubscription}).
 */
final class StrictFrames {

	private static final String UTF8 = "baton.utf8";

	private StrictFrames() {
	}

	/**
	 * Replaces the frame decoder of the upgraded {@code connection} and validates its text. Called
	 * as the session starts, before the first frame is read.
	 */
	static void install(Connection connection, int maxFrameSize) {
		ChannelPipeline pipeline = connection.channel().pipeline();
		ChannelHandlerContext decoder = pipeline.context(WebSocketFrameDecoder.class);
		if (decoder == null || pipeline.get(UTF8) != null) {
			return;
		}
		pipeline.replace(decoder.name(), decoder.name(), new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
			.maxFramePayloadLength(maxFrameSize)
			.allowExtensions(false)
			.closeOnProtocolViolation(false)
			.build()));
		pipeline.addAfter(decoder.name(), UTF8, new Utf8FrameValidator(false));
	}

}
