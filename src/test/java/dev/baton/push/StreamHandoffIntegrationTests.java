package dev.baton.push;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.baton.support.IntegrationTest;
import dev.baton.support.SseSubscriber;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running stream keeps nothing of the request it was opened by: once its handshake is done,
 * its exchange (and with it the filter chain's state and the session) can be collected while the
 * stream goes on delivering.
 */
@Import(StreamHandoffIntegrationTests.Exchanges.class)
class StreamHandoffIntegrationTests extends IntegrationTest {

	@Autowired
	private Exchanges exchanges;

	@Test
	void runningStreamsHoldNoExchange() throws InterruptedException {
		String channel = newChannel();
		try (WsSubscriber ws = client().ws("/ws/updates?channels=" + channel);
				SseSubscriber sse = client().sse("/api/updates/stream?channels=" + channel, null)) {
			long first = client().post(channel, "first", "x").json().get("id").asLong();
			assertThat(ws.events().next(Duration.ofSeconds(10)).json().get("update_id").asLong()).isEqualTo(first);
			assertThat(sse.events().next(Duration.ofSeconds(10)).json().get("update_id").asLong()).isEqualTo(first);
			assertThat(this.exchanges.streams).hasSize(2);

			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (this.exchanges.streams.stream().anyMatch(exchange -> exchange.get() != null)
					&& System.nanoTime() < deadline) {
				System.gc();
				Thread.sleep(100);
			}
			assertThat(this.exchanges.streams).allSatisfy(exchange -> assertThat(exchange.get()).isNull());

			long second = client().post(channel, "second", "x").json().get("id").asLong();
			assertThat(ws.events().next(Duration.ofSeconds(10)).json().get("update_id").asLong()).isEqualTo(second);
			assertThat(sse.events().next(Duration.ofSeconds(10)).json().get("update_id").asLong()).isEqualTo(second);
		}
	}

	/** Remembers, weakly, the exchange of each stream handshake. */
	@TestConfiguration
	static class Exchanges {

		final List<WeakReference<ServerWebExchange>> streams = new CopyOnWriteArrayList<>();

		@Bean
		WebFilter rememberStreamExchanges() {
			return (exchange, chain) -> {
				String path = exchange.getRequest().getPath().value();
				if (path.equals("/ws/updates") || path.equals("/api/updates/stream")) {
					this.streams.add(new WeakReference<>(exchange));
				}
				return chain.filter(exchange);
			};
		}

	}

}
