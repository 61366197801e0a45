package dev.baton.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.baton.support.BatonClient;
import dev.baton.support.BatonClient.Response;
import dev.baton.support.CommandSocket;
import dev.baton.support.Instance;
import dev.baton.support.IntegrationTest;
import dev.baton.support.TestDatabase;
import dev.baton.support.SseSubscriber;
import dev.baton.support.WsSubscriber;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@TestPropertySource(properties = { "baton.limits.posts-per-minute=5", "baton.limits.changes-per-minute=4",
		"baton.limits.streams-per-user=3", "baton.limits.connections=8" })
class LimitsIntegrationTests extends IntegrationTest {

	@Autowired
	private MeterRegistry meters;

	@BeforeEach
	void noStreamsOpen() {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.meters.get("baton.stream.subscribers").gauge().value() == 0);
	}

	@Test
	void postingFloodGets429WithRetryAfterWhileASubscriberKeepsReceiving() {
		BatonClient member = newMember();
		String channel = newChannel();
		try (SseSubscriber watcher = client().sse("/api/updates/stream?channels=" + channel, null)) {
			List<Response> responses = IntStream.range(0, 20)
				.parallel()
				.mapToObj(i -> member.post(channel, "flood " + i, "x"))
				.toList();

			assertThat(responses).extracting(Response::status).containsOnly(201, 429);
			assertThat(responses).filteredOn(response -> response.status() == 201).hasSize(5);
			Response refused = responses.stream().filter(response -> response.status() == 429).findFirst().orElseThrow();
			assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
			assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(refused.json().get("detail").asString()).contains("At most 5 posts per minute");
			assertThat(watcher.events().await(5, Duration.ofSeconds(10))).hasSize(5);
			BatonClient other = newMember();
			assertThat(other.post(channel, "another member has a budget of their own", "x").status()).isEqualTo(201);
			assertThat(watcher.events().next(Duration.ofSeconds(10)).json().get("actor").asString())
				.isEqualTo(other.username());
		}
	}

	@Test
	void postingLimitIsOneBudgetPerUserAcrossInstances() {
		BatonClient member = newMember();
		String channel = newChannel();
		try (Instance second = Instance.start(TestDatabase.settings(), ADMIN_PASSWORD, "--baton.limits.posts-per-minute=5")) {
			BatonClient onSecond = second.client(member.username(), member.password());
			for (int i = 0; i < 3; i++) {
				assertThat(member.post(channel, "through the first " + i, "x").status()).isEqualTo(201);
			}
			assertThat(onSecond.post(channel, "through the second 0", "x").status()).isEqualTo(201);
			assertThat(onSecond.post(channel, "through the second 1", "x").status()).isEqualTo(201);

			Response refused = onSecond.post(channel, "through the second 2", "x");
			assertThat(refused.status()).isEqualTo(429);
			assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
			assertThat(member.post(channel, "through the first again", "x").status()).isEqualTo(429);
		}
	}

	@Test
	void repeatingAnIdempotencyKeyTakesNoPlaceInTheBudget() {
		BatonClient member = newMember();
		String channel = newChannel();
		for (int i = 0; i < 5; i++) {
			assertThat(member.post(channel, "once", "x", "the-only-key").status()).isEqualTo(201);
		}
		for (int i = 0; i < 4; i++) {
			assertThat(member.post(channel, "new " + i, "x").status()).isEqualTo(201);
		}
		assertThat(member.post(channel, "one too many", "x").status()).isEqualTo(429);
	}

	@Test
	void editsAndDeletesHaveABudgetOfTheirOwnOverRestAndTheSocketAcrossInstances() {
		BatonClient member = newMember();
		String channel = newChannel();
		long first = member.post(channel, "first", "x").json().get("id").asLong();
		long second = member.post(channel, "second", "x").json().get("id").asLong();
		try (Instance other = Instance.start(TestDatabase.settings(), ADMIN_PASSWORD, "--baton.limits.changes-per-minute=4");
				CommandSocket socket = new CommandSocket(member.ws("/ws/updates?channels=" + channel))) {
			BatonClient onOther = other.client(member.username(), member.password());
			assertThat(member.send("PATCH", "/api/updates/" + first, "{\"body\":\"1\"}").status()).isEqualTo(200);
			assertThat(onOther.send("PATCH", "/api/updates/" + first, "{\"body\":\"2\"}").status()).isEqualTo(200);
			assertThat(socket.send("type", "edit", "ref", "e", "update_id", first, "body", "3").answer().get("type").asString())
				.isEqualTo("ack");
			assertThat(member.send("DELETE", "/api/updates/" + first, null).status()).isEqualTo(204);

			Response refused = member.send("PATCH", "/api/updates/" + second, "{\"body\":\"too many\"}");
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
			assertThat(refused.json().get("detail").asString()).startsWith("At most 4 edits and deletes per minute");
			assertThat(onOther.send("DELETE", "/api/updates/" + second, null).status()).isEqualTo(429);
			JsonNode overSocket = socket.send("type", "delete", "ref", "d", "update_id", second).answer();
			assertThat(overSocket.get("type").asString()).isEqualTo("error");
			assertThat(overSocket.get("status").asInt()).isEqualTo(429);
			assertThat(overSocket.get("detail").asString()).startsWith("At most 4 edits and deletes per minute");
			assertThat(client().send("GET", "/api/updates/" + second, null).json().get("body").asString()).isEqualTo("x");

			assertThat(member.post(channel, "posting is counted apart", "x").status()).isEqualTo(201);
			assertThat(client().send("PATCH", "/api/updates/" + second, "{\"body\":\"moderated\"}").status())
				.as("another user's budget").isEqualTo(200);
		}
	}

	@Test
	void memberOverTheStreamLimitIsRefusedOnBothTransports() throws Exception {
		BatonClient member = newMember();
		String channel = newChannel();
		List<SseSubscriber> open = new ArrayList<>();
		try (SseSubscriber watcher = client().sse("/api/updates/stream?channels=" + channel, null)) {
			for (int i = 0; i < 3; i++) {
				open.add(member.sse("/api/updates/stream", null));
			}
			assertThat(open).extracting(SseSubscriber::status).containsOnly(200);

			Response refused = member.send("GET", "/api/updates/stream", null);
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.json().get("detail").asString()).contains("already have 3 streams open");
			WsSubscriber ws = member.ws("/ws/updates");
			WsSubscriber.Close close = ws.closed().get(10, TimeUnit.SECONDS);
			assertThat(close.code()).isEqualTo(1008);
			assertThat(close.reason()).contains("3 streams");

			client().post(channel, "still flowing", "x");
			assertThat(watcher.events().next(Duration.ofSeconds(10)).json().get("channel").asString()).isEqualTo(channel);
			open.remove(0).close();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				try (SseSubscriber again = member.sse("/api/updates/stream", null)) {
					assertThat(again.status()).isEqualTo(200);
				}
			});
		}
		finally {
			open.forEach(SseSubscriber::close);
		}
	}

	@Test
	void instanceAtCapacityAnswers503AndCloses1013() throws Exception {
		List<SseSubscriber> open = new ArrayList<>();
		BatonClient last = null;
		try {
			for (int i = 0; i < 3; i++) {
				last = newMember();
				for (int j = 0; j < ((i < 2) ? 3 : 2); j++) {
					open.add(last.sse("/api/updates/stream", null));
				}
			}
			assertThat(open).hasSize(8).extracting(SseSubscriber::status).containsOnly(200);

			Response refused = last.send("GET", "/api/updates/stream", null);
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.json().get("detail").asString()).contains("maximum of 8 streams");
			WsSubscriber.Close close = newMember().ws("/ws/updates").closed().get(10, TimeUnit.SECONDS);
			assertThat(close.code()).isEqualTo(1013);
		}
		finally {
			open.forEach(SseSubscriber::close);
		}
	}

}
