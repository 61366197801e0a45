package dev.baton.events;

import java.time.Duration;
import java.util.List;

import dev.baton.support.IntegrationTest;
import dev.baton.support.Received;
import dev.baton.support.Received.Event;
import dev.baton.support.SseSubscriber;
import dev.baton.support.WsSubscriber;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class RelayIntegrationTests extends IntegrationTest {

	@Autowired
	private MeterRegistry meters;

	@Test
	void killedListenConnectionIsReplacedAndEventsCommittedMeanwhileArrive() {
		String channel = newChannel();
		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + channel, null);
				WsSubscriber ws = client().ws("/ws/updates?channels=" + channel)) {
			long before = client().post(channel, "before", "x").json().get("id").asLong();
			// a test before this one may have pruned the log past where this instance's relay was
			// when the streams began, which they learn as a resync: start from the post itself
			awaitUpdate(sse.events(), before);
			awaitUpdate(ws.events(), before);
			double reconnects = this.meters.counter("baton.relay.reconnects").count();

			long killed = System.nanoTime();
			assertThat(terminateListeners()).isPositive();
			for (int i = 0; i < 5; i++) {
				client().post(channel, "during " + i, "x");
			}
			List<Event> viaSse = sse.events().await(5, Duration.ofSeconds(20));
			List<Event> viaWs = ws.events().await(5, Duration.ofSeconds(20));
			System.out.printf("[measure] killed LISTEN connection: 5 events committed meanwhile delivered %.0f ms after the kill%n",
					(Math.max(viaSse.get(4).receivedAt(), viaWs.get(4).receivedAt()) - killed) / 1e6);

			assertThat(viaSse).extracting(Event::seq).isSorted().doesNotHaveDuplicates();
			assertThat(viaSse).extracting(Event::json).isEqualTo(viaWs.stream().map(Event::json).toList());
			assertThat(this.meters.counter("baton.relay.reconnects").count()).isGreaterThan(reconnects);
			client().post(channel, "after", "x");
			assertThat(sse.events().next(Duration.ofSeconds(10)).json().get("action").asString()).isEqualTo("created");
			assertThat(sse.events().drain(Duration.ofMillis(300))).isEmpty();
		}
	}

	private static void awaitUpdate(Received received, long id) {
		while (received.next(Duration.ofSeconds(10)).json().path("update_id").asLong() != id) {
			// the resync, or another event before the post
		}
	}

}
