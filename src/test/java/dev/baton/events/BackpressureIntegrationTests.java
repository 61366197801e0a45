package dev.baton.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.baton.support.BatonClient;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Received.Event;
import dev.baton.support.SseSubscriber;
import dev.baton.support.StalledWebSocket;
import dev.baton.support.WsSubscriber;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

// Heartbeats are slowed down here: a stalled reader cannot answer pings, and this test is about
// the buffer, not about dropping silent peers.
@TestPropertySource(properties = "baton.stream.heartbeat=60s")
@Import(BackpressureIntegrationTests.SmallSocketBuffers.class)
class BackpressureIntegrationTests extends IntegrationTest {

	private static final int EVENTS = 2000;

	@Autowired
	private MeterRegistry meters;

	@Test
	void stalledSubscriberGetsResyncAndCloseWhileOthersReceiveEverything() throws Exception {
		String channel = newChannel();
		double overflowsBefore = this.meters.counter("baton.stream.overflows").count();
		double resyncsBefore = this.meters.counter("baton.stream.resyncs").count();
		StalledWebSocket stalled = StalledWebSocket.open(this.port, "/ws/updates?channels=" + channel,
				client().authorization());
		try (WsSubscriber ws = client().ws("/ws/updates?channels=" + channel);
				SseSubscriber sse = client().sse("/api/updates/stream?channels=" + channel, null)) {
			postConcurrently(channel);

			List<Event> viaWs = ws.events().await(EVENTS, Duration.ofSeconds(60));
			List<Event> viaSse = sse.events().await(EVENTS, Duration.ofSeconds(60));
			assertThat(viaWs).extracting(Event::seq).isSorted().doesNotHaveDuplicates();
			assertThat(viaSse).extracting(Event::seq).isSorted().doesNotHaveDuplicates();
			assertThat(this.meters.counter("baton.stream.overflows").count()).isGreaterThan(overflowsBefore);
		}

		StalledWebSocket.Result result = stalled.readToClose();
		stalled.close();
		assertThat(result.closeCode()).isEqualTo(1013);
		assertThat(this.meters.counter("baton.stream.resyncs").count()).isGreaterThan(resyncsBefore);
		List<JsonNode> seen = result.messages();
		JsonNode last = seen.get(seen.size() - 1);
		assertThat(last.get("type").asString()).isEqualTo("resync");
		assertThat(seen.size()).isLessThan(EVENTS);
		List<JsonNode> updates = seen.subList(0, seen.size() - 1);
		assertThat(updates).extracting(json -> json.get("seq").asLong()).isSorted().doesNotHaveDuplicates();
		assertThat(last.get("seq").asLong()).isGreaterThan(updates.get(updates.size() - 1).get("seq").asLong());
		System.out.printf("[measure] stalled subscriber: %d events delivered before resync at seq %d%n", updates.size(),
				last.get("seq").asLong());
	}

	private void postConcurrently(String channel) throws InterruptedException {
		BatonClient client = client();
		ExecutorService writers = Executors.newFixedThreadPool(4);
		IntStream.range(0, EVENTS).forEach(i -> writers.submit(() -> client.post(channel, "flood " + i, "x")));
		writers.shutdown();
		assertThat(writers.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
	}

	/**
	 * On loopback the kernel grows a socket's send buffer to megabytes, which would swallow the
	 * whole flood before the server ever saw a slow subscriber. A fixed, small send buffer stands
	 * for a slow network path.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class SmallSocketBuffers {

		@Bean
		NettyServerCustomizer smallSendBuffer() {
			return server -> server.childOption(ChannelOption.SO_SNDBUF, 8192);
		}

	}

}
