package dev.baton.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.baton.support.BatonClient;
import dev.baton.support.CommandSocket;
import dev.baton.support.Instance;
import dev.baton.support.IntegrationTest;
import dev.baton.support.SseSubscriber;
import dev.baton.support.TestDatabase;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every metric under {@code baton_} moves, as Prometheus reads it, when its event happens. */
@TestPropertySource(properties = { "baton.limits.posts-per-minute=3", "baton.limits.streams-per-user=2",
		"baton.limits.connections=7" })
class MetricsIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@BeforeEach
	void noStreamsOpen() {
		await().atMost(WAIT).until(() -> metric("baton_streams{transport=\"sse\"}")
				+ metric("baton_streams{transport=\"websocket\"}") == 0);
	}

	@Test
	void streamsCountByTransportAndChannelAndEventsAreRelayedDeliveredAndTimed() {
		String channel = newChannel();
		BatonClient member = newMember();
		Snapshot before = snapshot();
		try (SseSubscriber sse = member.sse("/api/updates/stream?channels=" + channel, null);
				WsSubscriber ws = member.ws("/ws/updates?channels=" + channel)) {
			await().atMost(WAIT).untilAsserted(() -> {
				assertThat(metric(subscribers("sse", channel))).isEqualTo(1);
				assertThat(metric(subscribers("websocket", channel))).isEqualTo(1);
			});
			assertThat(member.post(channel, "measured", "x").status()).isEqualTo(201);
			sse.events().next(WAIT);
			ws.events().next(WAIT);

			Snapshot after = snapshot();
			assertThat(after.connectsSse - before.connectsSse).isEqualTo(1);
			assertThat(after.connectsWs - before.connectsWs).isEqualTo(1);
			assertThat(after.deliveriesSse - before.deliveriesSse).isGreaterThanOrEqualTo(1);
			assertThat(after.deliveriesWs - before.deliveriesWs).isGreaterThanOrEqualTo(1);
			assertThat(after.relayed - before.relayed).isGreaterThanOrEqualTo(1);
			assertThat(after.lagCount - before.lagCount).isGreaterThanOrEqualTo(1);
			// a histogram: quantiles come from its buckets
			assertThat(metric("baton_relay_lag_seconds_bucket{le=\"+Inf\"}")).isGreaterThanOrEqualTo(1);
			assertThat(metric("baton_posts_total{outcome=\"created\",path=\"rest\"}")).isGreaterThanOrEqualTo(1);
		}
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(metric(subscribers("sse", channel))).isZero();
			assertThat(metric(subscribers("websocket", channel))).isZero();
		});
	}

	@Test
	void subscriptionWithoutChannelsCountsAsAllAndOneWithTwoCountsInEach() {
		String first = newChannel();
		String second = newChannel();
		double all = metric(subscribers("sse", "all"));
		try (SseSubscriber every = newMember().sse("/api/updates/stream", null);
				SseSubscriber both = newMember().sse("/api/updates/stream?channels=" + first + "," + second, null)) {
			await().atMost(WAIT).untilAsserted(() -> {
				assertThat(metric(subscribers("sse", "all"))).isEqualTo(all + 1);
				assertThat(metric(subscribers("sse", first))).isEqualTo(1);
				assertThat(metric(subscribers("sse", second))).isEqualTo(1);
				assertThat(metric("baton_streams{transport=\"sse\"}")).isEqualTo(2);
			});
		}
	}

	@Test
	void postsCountByPathAndOutcome() {
		String channel = newChannel();
		BatonClient member = newMember();
		double restForbidden = metric(posts("rest", "forbidden"));
		double socketCreated = metric(posts("websocket", "created"));
		double socketLimited = metric(posts("websocket", "limited"));

		assertThat(member.post("announcements", "not mine", "x").status()).isEqualTo(403);
		try (CommandSocket socket = new CommandSocket(member.ws("/ws/updates"))) {
			for (int i = 0; i < 4; i++) {
				socket.send("type", "post", "ref", "p" + i, "channel", channel, "title", "over the socket " + i, "body", "x");
			}
			assertThat(socket.answers(4)).extracting(answer -> answer.get("type").asString())
				.containsExactly("ack", "ack", "ack", "error");
		}
		assertThat(metric(posts("rest", "forbidden"))).isEqualTo(restForbidden + 1);
		assertThat(metric(posts("websocket", "created"))).isEqualTo(socketCreated + 3);
		assertThat(metric(posts("websocket", "limited"))).isEqualTo(socketLimited + 1);
	}

	@Test
	void refusedRequestsCountByStatus() throws Exception {
		BatonClient member = newMember();
		String channel = newChannel();
		double[] before = { refused(401), refused(403), refused(413), refused(429), refused(503) };

		assertThat(anonymous().send("GET", "/api/updates", null).status()).isEqualTo(401);
		assertThat(member.send("GET", "/actuator/prometheus", null).status()).isEqualTo(403);
		String large = "{\"channel\":\"%s\",\"title\":\"t\",\"body\":\"%s\"}".formatted(channel, "x".repeat(70_000));
		assertThat(member.send("POST", "/api/updates", large).status()).isEqualTo(413);
		for (int i = 0; i < 3; i++) {
			member.post(channel, "budget " + i, "x");
		}
		assertThat(member.post(channel, "over the budget", "x").status()).isEqualTo(429);

		assertThat(refused(401)).isEqualTo(before[0] + 1);
		assertThat(refused(403)).isEqualTo(before[1] + 1);
		assertThat(refused(413)).isEqualTo(before[2] + 1);
		assertThat(refused(429)).isEqualTo(before[3] + 1);
		assertThat(refused(503)).isEqualTo(before[4]);
	}

	@Test
	void streamLimitRefusalsCountOnBothTransports() throws Exception {
		List<SseSubscriber> open = new ArrayList<>();
		double tooMany = refused(429);
		double full = refused(503);
		try {
			BatonClient last = null;
			for (int i = 0; i < 3; i++) {
				last = newMember();
				open.add(last.sse("/api/updates/stream", null));
				open.add(last.sse("/api/updates/stream", null));
			}
			assertThat(last.ws("/ws/updates").closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1008);
			open.add(newMember().sse("/api/updates/stream", null));
			assertThat(open).extracting(SseSubscriber::status).containsOnly(200);
			assertThat(newMember().send("GET", "/api/updates/stream", null).status()).isEqualTo(503);
			assertThat(newMember().ws("/ws/updates").closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1013);
			assertThat(refused(429)).isEqualTo(tooMany + 1);
			assertThat(refused(503)).isEqualTo(full + 2);
		}
		finally {
			open.forEach(SseSubscriber::close);
		}
	}

	@Test
	void feedFragmentRendersCount() {
		String channel = newChannel();
		double renders = metric("baton_feed_renders_total");
		assertThat(client().send("GET", "/updates/feed?channel=" + channel, null).status()).isEqualTo(200);
		assertThat(metric("baton_feed_renders_total")).isEqualTo(renders + 1);
	}

	@Test
	void resumePointOutsideTheLogCountsAResync() {
		double resyncs = metric("baton_stream_resyncs_total");
		try (SseSubscriber sse = newMember().sse("/api/updates/stream?lastEventId=999999999999", null)) {
			assertThat(sse.events().next(WAIT).type()).isEqualTo("resync");
		}
		assertThat(metric("baton_stream_resyncs_total")).isEqualTo(resyncs + 1);
	}

	@Test
	void lostListenConnectionCountsAReconnectAndIsConnectedAgain() {
		double reconnects = metric("baton_relay_reconnects_total");
		assertThat(metric("baton_relay_connected")).isEqualTo(1);
		terminateListeners();
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(metric("baton_relay_reconnects_total")).isGreaterThan(reconnects);
			assertThat(metric("baton_relay_connected")).isEqualTo(1);
		});
	}

	@Test
	void prometheusIsForAdminsUnlessPublic() {
		assertThat(newMember().send("GET", "/actuator/prometheus", null).status()).isEqualTo(403);
		assertThat(anonymous().send("GET", "/actuator/prometheus", null).status()).isEqualTo(401);
		assertThat(client().send("GET", "/actuator/prometheus", null).status()).isEqualTo(200);
		try (Instance open = Instance.start(TestDatabase.settings(), ADMIN_PASSWORD, "--baton.metrics.public=true")) {
			BatonClient.Response scraped = BatonClient.forPort(open.port()).send("GET", "/actuator/prometheus", null);
			assertThat(scraped.status()).isEqualTo(200);
			assertThat(scraped.body()).contains("baton_relay_connected");
			assertThat(BatonClient.forPort(open.port()).send("GET", "/actuator/metrics", null).status()).isEqualTo(401);
		}
	}

	private static String subscribers(String transport, String channel) {
		return "baton_subscribers{channel=\"%s\",transport=\"%s\"}".formatted(channel, transport);
	}

	private static String posts(String path, String outcome) {
		return "baton_posts_total{outcome=\"%s\",path=\"%s\"}".formatted(outcome, path);
	}

	private double refused(int status) {
		return metric("baton_refused_total{status=\"%d\"}".formatted(status));
	}

	private Snapshot snapshot() {
		return new Snapshot(metric("baton_connects_total{transport=\"sse\"}"),
				metric("baton_connects_total{transport=\"websocket\"}"), metric("baton_deliveries_total{transport=\"sse\"}"),
				metric("baton_deliveries_total{transport=\"websocket\"}"), metric("baton_events_relayed_total"),
				metric("baton_relay_lag_seconds_count"));
	}

	/** The value of one series as Prometheus scrapes it, 0 when it is not there. */
	private double metric(String series) {
		return client().send("GET", "/actuator/prometheus", null)
			.body()
			.lines()
			.filter(line -> line.startsWith(series + " "))
			.mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).split(" ")[0]))
			.findFirst()
			.orElse(0);
	}

	private record Snapshot(double connectsSse, double connectsWs, double deliveriesSse, double deliveriesWs,
			double relayed, double lagCount) {
	}

}
