package dev.baton.push;

import java.util.concurrent.Executor;
import java.util.function.Function;

import io.netty.util.AttributeKey;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;

/**
 * Serves a stream on its connection once WebFlux is done with the handshake. The handshake goes
 * through everything any request does (the security filter chain, the session, the Origin and
 * limit checks, problem bodies, the security headers); its controller then hands the connection
 * over ({@link #serve}) and completes. WebFlux commits the response's status and headers without
 * a body and lets go of the exchange, its filter chain and its session; the stream then writes
 * to the Reactor Netty connection, and holds for its life only that connection and its own state.
 */
@Component
class StreamHandoff implements HttpHandlerDecoratorFactory {

	private static final AttributeKey<Function<HttpServerResponse, Publisher<Void>>> STREAM = AttributeKey
		.valueOf("baton.stream");

	/**
	 * Hands the connection of {@code exchange} to {@code stream}, which serves it from the end of
	 * the exchange on. The controller returns the empty {@code Mono} this returns.
	 * @param exchange the handshake
	 * @param held what the handshake took for the stream, disposed of when the response ends or
	 * the connection closes, also if the stream never starts (the client left first)
	 * @param stream serves the stream on the connection
	 */
	static Mono<Void> serve(ServerWebExchange exchange, Disposable held,
			Function<HttpServerResponse, Publisher<Void>> stream) {
		return Mono.fromRunnable(() -> {
			Connection connection = connection(exchange);
			connection.onDispose(held);
			connection.channel().attr(STREAM).set(stream);
		});
	}

	/** The event loop of the connection of {@code exchange}, which its stream is written from. */
	static Executor eventLoop(ServerWebExchange exchange) {
		return connection(exchange).channel().eventLoop();
	}

	private static Connection connection(ServerWebExchange exchange) {
		if (!(ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse()) instanceof Connection connection)) {
			throw new IllegalStateException("Streams are served by Reactor Netty only");
		}
		return connection;
	}

	@Override
	public HttpHandler apply(HttpHandler handler) {
		return (request, response) -> {
			if (!(ServerHttpResponseDecorator.getNativeResponse(response) instanceof HttpServerResponse connection)) {
				return handler.handle(request, response);
			}
			return handler.handle(request, response).then(Mono.defer(() -> handedOver(connection)));
		};
	}

	private static Mono<Void> handedOver(HttpServerResponse response) {
		Function<HttpServerResponse, Publisher<Void>> stream = ((Connection) response).channel().attr(STREAM).getAndSet(null);
		return (stream != null) ? Mono.from(stream.apply(response)) : Mono.empty();
	}

}
