package dev.baton.push;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;

/**
 * Closes HTTP connections that keep the server waiting for a request ({@link ConnectionProperties}),
 * so that a client cannot hold a connection by sending nothing, or a byte now and then.
 * <ul>
 * <li>Reactor Netty's idle timeout closes a kept-alive connection that sends no next request. It
 * starts again after each response, so an open stream, whose response does not end, is exempt.</li>
 * <li>The header timeout, shorter, is kept here, as Reactor Netty's read and request timeouts
 * start only once a request's headers are in. It runs from the connection's opening, and from
 * the first byte of each later request, until the HTTP codec has decoded the headers. Once a
 * connection is upgraded to a WebSocket it no longer applies.</li>
 * </ul>
 */
@Component
class ConnectionTimeouts implements NettyServerCustomizer {

	private final ConnectionProperties properties;

	ConnectionTimeouts(ConnectionProperties properties) {
		this.properties = properties;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.idleTimeout(this.properties.idleTimeout())
			.doOnChannelInit((observer, channel, address) -> install(channel.pipeline()));
	}

	private void install(ChannelPipeline pipeline) {
		if (pipeline.get(NettyPipeline.HttpCodec) != null) {
			Deadline deadline = new Deadline(this.properties.headerTimeout().toNanos());
			pipeline.addBefore(NettyPipeline.HttpCodec, "baton.headerTimeout.bytes", deadline.new Bytes());
			pipeline.addAfter(NettyPipeline.HttpCodec, "baton.headerTimeout.requests", deadline.new Requests());
		}
	}

	/** One connection's deadline: set by the bytes before the codec, met by the requests after it. */
	private static final class Deadline {

		private final long timeoutNanos;

		private ScheduledFuture<?> pending;

		// the first request's time runs from the opening, a later one's from its first byte
		private boolean betweenRequests;

		Deadline(long timeoutNanos) {
			this.timeoutNanos = timeoutNanos;
		}

		void set(ChannelHandlerContext ctx) {
			this.pending = ctx.executor().schedule((Runnable) ctx.channel()::close, this.timeoutNanos, TimeUnit.NANOSECONDS);
		}

		void met() {
			if (this.pending != null) {
				this.pending.cancel(false);
				this.pending = null;
			}
		}

		/** Before the codec: sees the bytes of a request before its headers are decoded. */
		private final class Bytes extends ChannelInboundHandlerAdapter {

			@Override
			public void channelActive(ChannelHandlerContext ctx) {
				set(ctx);
				ctx.fireChannelActive();
			}

			@Override
			public void channelRead(ChannelHandlerContext ctx, Object message) {
				if (ctx.pipeline().get(NettyPipeline.HttpCodec) == null) {
					// upgraded: what comes now is frames, not requests
					met();
					ctx.pipeline().remove(this);
					ctx.pipeline().remove(Requests.class);
				}
				else if (Deadline.this.betweenRequests && message instanceof ByteBuf bytes && bytes.isReadable()) {
					Deadline.this.betweenRequests = false;
					set(ctx);
				}
				ctx.fireChannelRead(message);
			}

			@Override
			public void channelInactive(ChannelHandlerContext ctx) {
				met();
				ctx.fireChannelInactive();
			}

		}

		/** After the codec: sees each request's headers, and its end. */
		private final class Requests extends ChannelInboundHandlerAdapter {

			@Override
			public void channelRead(ChannelHandlerContext ctx, Object message) {
				if (message instanceof HttpRequest) {
					met();
				}
				if (message instanceof LastHttpContent) {
					Deadline.this.betweenRequests = true;
				}
				ctx.fireChannelRead(message);
			}

		}

	}

}
