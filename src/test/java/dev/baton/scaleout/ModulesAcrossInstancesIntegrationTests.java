package dev.baton.scaleout;

import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.baton.support.BatonClient;
import dev.baton.support.Instance;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Received.Event;
import dev.baton.support.SseSubscriber;
import dev.baton.support.TestDatabase;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Events from modules, tokens and channel permissions with two instances on one PostgreSQL: this
 * test's (A), and B, started with a payload limit of 1 KB.
 */
class ModulesAcrossInstancesIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static Instance second;

	@BeforeAll
	static void startSecondInstance() {
		second = Instance.start(TestDatabase.settings(), ADMIN_PASSWORD, "--baton.publish.max-payload=1KB");
	}

	@AfterAll
	static void stopSecondInstance() {
		second.close();
	}

	@Test
	void anEventPublishedInATransactionReachesTheSubscribersOfBothInstancesOnce() throws SQLException {
		String channel = newModuleChannel();
		try (SseSubscriber a = client().sse("/api/updates/stream?channels=" + channel, null);
				WsSubscriber b = admin().ws("/ws/updates?channels=" + channel);
				Connection module = TestDatabase.connect(null, null)) {
			module.setAutoCommit(false);
			try (Statement sql = module.createStatement()) {
				sql.execute("SELECT baton.publish('%s', 'order.shipped', '{\"order\": 7}')".formatted(channel));
			}
			module.commit();

			Event onA = a.events().next(WAIT);
			Event onB = b.events().next(WAIT);
			assertThat(onB.json()).isEqualTo(onA.json());
			assertThat(onA.json().get("event").asString()).isEqualTo("order.shipped");
			assertThat(a.events().drain(Duration.ofMillis(300))).isEmpty();
			assertThat(b.events().drain(Duration.ofMillis(100))).isEmpty();
		}
	}

	@Test
	void aTokenRevokedThroughOneInstanceIsRefusedAndItsStreamsEndOnTheOtherWithinTenSeconds() {
		String channel = newModuleChannel();
		String other = newModuleChannel();
		BatonClient.Response created = client().send("POST", "/api/tokens", BatonClient.JSON.writeValueAsString(
				Map.of("name", "svc-" + suffix(), "publish", List.of(channel), "read", List.of(channel))));
		String token = created.json().get("token").asString();
		BatonClient onB = BatonClient.forPort(second.port()).withToken(token);
		assertThat(publish(onB, channel, "{}").status()).isEqualTo(201);
		assertThat(publish(onB, other, "{}").status()).as("the scope holds on B").isEqualTo(403);

		try (SseSubscriber stream = onB.sse("/api/updates/stream?channels=" + channel, null)) {
			assertThat(stream.status()).isEqualTo(200);
			long revoked = System.nanoTime();
			assertThat(client().send("DELETE", "/api/tokens/" + created.json().get("id").asLong(), null).status()).isEqualTo(204);

			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
				.until(() -> publish(onB, channel, "{}").status() == 401);
			stream.ended().orTimeout(10, TimeUnit.SECONDS).join();
			assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(Duration.ofSeconds(10));
			assertThat(stream.lastEvent()).isEqualTo("signed_out");
		}
	}

	@Test
	void aReadPermissionWithdrawnThroughOneInstanceEndsStreamsOnTheOther() {
		String channel = newModuleChannel();
		BatonClient member = newMember();
		BatonClient memberOnB = BatonClient.forPort(second.port()).as(member.username(), member.password());
		try (WsSubscriber ws = memberOnB.ws("/ws/updates?channels=" + channel)) {
			long withdrawn = System.nanoTime();
			client().send("PUT", "/api/channels/%s/permissions".formatted(channel), "{\"read\":[\"role:admin\"]}");

			WsSubscriber.Close close = ws.closed().orTimeout(10, TimeUnit.SECONDS).join();
			assertThat(close.code()).isEqualTo(4403);
			assertThat(Duration.ofNanos(System.nanoTime() - withdrawn)).isLessThan(Duration.ofSeconds(10));
		}
		assertThatThrownBy(() -> memberOnB.ws("/ws/updates?channels=" + channel))
			.hasStackTraceContaining("Unexpected HTTP response status code 403");
	}

	@Test
	void eachInstanceHoldsPublishesToItsPayloadLimit() {
		String channel = newModuleChannel();
		String token = client().send("POST", "/api/tokens", BatonClient.JSON.writeValueAsString(
				Map.of("name", "svc-" + suffix(), "publish", List.of(channel)))).json().get("token").asString();
		BatonClient.Response tooLarge = publish(BatonClient.forPort(second.port()).withToken(token), channel,
				"\"%s\"".formatted("a".repeat(2000)));
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(tooLarge.json().get("detail").asString()).endsWith("more than the limit of 1024");
		assertThat(publish(anonymous().withToken(token), channel, "\"%s\"".formatted("a".repeat(2000))).status()).isEqualTo(201);
	}

	private static BatonClient admin() {
		return second.client("admin", ADMIN_PASSWORD);
	}

	private static BatonClient.Response publish(BatonClient client, String channel, String data) {
		return client.send(HttpRequest.newBuilder(client.uri("http", "/api/channels/%s/events".formatted(channel)))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"x\",\"data\":%s}".formatted(data))));
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
