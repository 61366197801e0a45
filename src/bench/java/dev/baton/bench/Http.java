package dev.baton.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** The coordinator's own requests (posts, users, health), on Reactor Netty like the generators. */
final class Http {

	private static final HttpClient CLIENT = HttpClient.create(ConnectionProvider.builder("coordinator")
		.maxConnections(512)
		.pendingAcquireMaxCount(-1)
		.build()).responseTimeout(Duration.ofSeconds(30));

	private Http() {
	}

	/**
	 * An answer.
	 *
	 * @param status the HTTP status
	 * @param body the body as text
	 */
	record Answer(int status, String body) {
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	static Mono<Answer> get(String url, String authorization) {
		return CLIENT.headers((h) -> {
			if (authorization != null) {
				h.set(HttpHeaderNames.AUTHORIZATION, authorization);
			}
		}).get().uri(url).responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
			.defaultIfEmpty("")
			.map((text) -> new Answer(response.status().code(), text)));
	}

	static Mono<Answer> post(String url, String authorization, String contentType, String json) {
		return CLIENT.headers((h) -> {
			h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
			if (authorization != null) {
				h.set(HttpHeaderNames.AUTHORIZATION, authorization);
			}
		})
			.post()
			.uri(url)
			.send(ByteBufFlux.fromString(Mono.just(json)))
			.responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.map((text) -> new Answer(response.status().code(), text)));
	}

}
