package dev.baton.push;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import reactor.netty.Connection;

/**
 * Closes WebSockets the way RFC 6455 asks. When the server closes first, its close frame goes
 * out, then the server reads and drops whatever the peer still sends until the peer's close
 * frame, the peer's end of the connection or {@link #LINGER}, and only then closes the
 * connection. Closing at once would reset a connection with unread bytes (a client still sending
 * a large message), and the peer would lose the close frame and see 1006 instead of the reason.
 */
final class LingeringClose {

	/** The longest the server waits for the peer's close frame after sending its own. */
	static final Duration LINGER = Duration.ofSeconds(2);

	private static final String NAME = "baton.lingeringClose";

	private LingeringClose() {
	}

	/** Makes the upgraded {@code connection} close as above; called as its session starts. */
	static void install(Connection connection) {
		ChannelPipeline pipeline = connection.channel().pipeline();
		if (pipeline.get(NAME) == null && pipeline.context(WebSocketFrameDecoder.class) != null) {
			Deferral deferral = new Deferral();
			pipeline.addFirst(NAME, deferral);
			pipeline.addAfter(pipeline.context(WebSocketFrameDecoder.class).name(), NAME + ".frames", new Frames(deferral));
		}
	}

	/** Right after the frame decoder: sees the peer's close frame, drops every frame while lingering. */
	private static final class Frames extends ChannelInboundHandlerAdapter {

		private final Deferral deferral;

		Frames(Deferral deferral) {
			this.deferral = deferral;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object frame) {
			if (frame instanceof CloseWebSocketFrame) {
				this.deferral.peerClosed();
			}
			if (this.deferral.lingering()) {
				ReferenceCountUtil.release(frame);
			}
			else {
				ctx.fireChannelRead(frame);
			}
		}

	}

	/** At the head of the pipeline: holds back the server's close of the connection, reading on. */
	private static final class Deferral extends ChannelDuplexHandler {

		private ChannelHandlerContext context;

		private boolean peerClosed;

		private ChannelPromise deferred;

		private ScheduledFuture<?> timeout;

		@Override
		public void handlerAdded(ChannelHandlerContext ctx) {
			this.context = ctx;
		}

		@Override
		public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
			if (this.peerClosed || !ctx.channel().isActive()) {
				ctx.close(promise);
			}
			else if (this.deferred != null) {
				ctx.channel().closeFuture().addListener(closed -> promise.trySuccess());
			}
			else {
				this.deferred = promise;
				this.timeout = ctx.executor().schedule(this::closeNow, LINGER.toMillis(), TimeUnit.MILLISECONDS);
				ctx.channel().config().setAutoRead(true);
				ctx.read();
			}
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			closeNow();
			ctx.fireChannelInactive();
		}

		boolean lingering() {
			return this.deferred != null;
		}

		void peerClosed() {
			this.peerClosed = true;
			closeNow();
		}

		private void closeNow() {
			if (this.deferred != null && !this.deferred.isDone()) {
				this.timeout.cancel(false);
				this.context.close(this.deferred);
			}
		}

	}

}
