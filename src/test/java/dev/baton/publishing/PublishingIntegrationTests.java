package dev.baton.publishing;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.baton.support.BatonClient;
import dev.baton.support.CommandSocket;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Received.Event;
import dev.baton.support.SseSubscriber;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Services publish with a service token over HTTP, people over the WebSocket; tokens are scoped,
 * shown once and revocable; every bad request gets its problem and publishes nothing.
 */
class PublishingIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Autowired
	private Publishing publishing;

	@Test
	void aTokenPublishesOverHttpAndEveryStreamNamingTheChannelGetsTheEventOnce() {
		String channel = newModuleChannel();
		String token = newToken(List.of(channel), List.of());
		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + channel, null);
				WsSubscriber ws = client().ws("/ws/updates?channels=" + channel)) {
			BatonClient.Response published = publish(token, channel, "order.shipped", "{\"order\":7}", null);

			assertThat(published.status()).isEqualTo(201);
			JsonNode answer = published.json();
			assertThat(answer.get("type").asString()).isEqualTo("channel_event");
			assertThat(answer.get("publisher").toString()).matches("\\{\"kind\":\"token\",\"name\":\"orders-[0-9a-f]{8}\"}");
			for (Event event : List.of(sse.events().next(WAIT), ws.events().next(WAIT))) {
				assertThat(event.json()).isEqualTo(answer);
			}
			assertThat(sse.events().drain(Duration.ofMillis(300))).isEmpty();
		}
	}

	@Test
	void aRepeatedIdempotencyKeyGetsTheSameEventAndPublishesNothingMore() {
		String channel = newModuleChannel();
		String token = newToken(List.of(channel), List.of());
		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + channel, null)) {
			BatonClient.Response first = publish(token, channel, "order.shipped", "{\"order\":7}", "key-1");
			BatonClient.Response again = publish(token, channel, "order.shipped", "{\"order\":7}", "key-1");
			BatonClient.Response other = publish(token, channel, "order.shipped", "{\"order\":8}", "key-1");

			assertThat(first.status()).isEqualTo(201);
			assertThat(again.status()).isEqualTo(201);
			assertThat(again.json()).isEqualTo(first.json());
			assertThat(other.status()).isEqualTo(409);
			assertThat(other.json().get("detail").asString()).isEqualTo("Idempotency key 'key-1' already names another event");
			assertThat(sse.events().next(WAIT).seq()).isEqualTo(first.json().get("seq").asLong());
			assertThat(sse.events().drain(Duration.ofMillis(300))).isEmpty();
		}
	}

	@Test
	void keysPastTheirLifetimeAreForgotten() {
		String publisher = "token:expired-" + suffix();
		this.db.sql("INSERT INTO publish_keys (publisher, key, seq, request_hash, created_at) VALUES "
				+ "(:publisher, 'old', 1, '\\x00', now() - interval '25 hours'), (:publisher, 'new', 2, '\\x00', now())")
			.bind("publisher", publisher)
			.then()
			.block();

		assertThat(this.publishing.forgetExpiredKeys().block()).isPositive();
		assertThat(this.db.sql("SELECT key FROM publish_keys WHERE publisher = :publisher")
			.bind("publisher", publisher)
			.map(row -> row.get("key", String.class))
			.all()
			.collectList()
			.block()).containsExactly("new");
	}

	@Test
	void aTokenDoesOnlyWhatItsScopeAllows() {
		String mine = newModuleChannel();
		String other = newModuleChannel();
		String feed = newChannel();
		String token = newToken(List.of(mine), List.of(mine));
		BatonClient service = anonymous().withToken(token);

		assertThat(publish(token, other, "x", "{}", null).status()).isEqualTo(403);
		assertThat(service.send("GET", "/api/updates", null).status()).isEqualTo(403);
		assertThat(service.post(feed, "a post", "from a token").status()).isEqualTo(403);
		assertThat(service.send("GET", "/api/tokens", null).status()).isEqualTo(403);
		try (SseSubscriber refused = service.sse("/api/updates/stream?channels=" + other, null)) {
			assertThat(refused.status()).isEqualTo(403);
		}
		try (SseSubscriber sse = service.sse("/api/updates/stream?channels=" + mine, null)) {
			assertThat(sse.status()).isEqualTo(200);
			publish(token, mine, "seen", "{}", null);
			assertThat(sse.events().next(WAIT).json().get("event").asString()).isEqualTo("seen");
		}
	}

	@Test
	void aTokenIsShownOnceStoredHashedAndRefusedOnceRevokedEndingItsStreams() {
		String channel = newModuleChannel();
		BatonClient.Response created = client().send("POST", "/api/tokens",
				"{\"name\":\"svc-%s\",\"publish\":[\"%s\"],\"read\":[\"%s\"]}".formatted(suffix(), channel, channel));
		String token = created.json().get("token").asString();
		long id = created.json().get("id").asLong();
		assertThat(token).startsWith("baton_");
		assertThat(client().send("GET", "/api/tokens", null).body()).doesNotContain(token).contains("svc-");
		assertThat(this.db.sql("SELECT count(*) AS n FROM service_tokens WHERE secret_hash = sha256(convert_to(:token, 'UTF8'))")
			.bind("token", token)
			.map(row -> row.get("n", Long.class))
			.one()
			.block()).isEqualTo(1);

		try (SseSubscriber sse = anonymous().withToken(token).sse("/api/updates/stream?channels=" + channel, null)) {
			assertThat(sse.status()).isEqualTo(200);
			assertThat(client().send("DELETE", "/api/tokens/" + id, null).status()).isEqualTo(204);

			BatonClient.Response refused = publish(token, channel, "x", "{}", null);
			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"Baton\"");
			assertThat(refused.json().get("detail").asString()).isEqualTo("Invalid or revoked service token");
			sse.ended().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
			assertThat(sse.lastEvent()).isEqualTo("signed_out");
		}
	}

	@Test
	void tokensAreForAdminsAndScopedToChannelsThatExist() {
		String module = newModuleChannel();
		String feed = newChannel();
		assertThat(newMember().send("POST", "/api/tokens", "{\"name\":\"x\",\"publish\":[]}").status()).isEqualTo(403);
		BatonClient.Response feedScope = client().send("POST", "/api/tokens",
				"{\"name\":\"t-%s\",\"publish\":[\"%s\"]}".formatted(suffix(), feed));
		assertThat(feedScope.status()).isEqualTo(400);
		assertThat(feedScope.body()).contains("is a feed channel: tokens publish on module channels");
		assertThat(client().send("POST", "/api/tokens", "{\"name\":\"t-%s\",\"publish\":[\"%s\"],\"read\":[\"nope\"]}"
			.formatted(suffix(), module)).status()).isEqualTo(400);
		assertThat(client().send("POST", "/api/tokens", "{\"name\":\"bad name\",\"publish\":[]}").status()).isEqualTo(400);
		assertThat(client().send("DELETE", "/api/tokens/999999999", null).status()).isEqualTo(404);
	}

	@Test
	void badPublishesGetTheirProblemAndPublishNothing() {
		String channel = newModuleChannel();
		String feed = newChannel();
		String token = newToken(List.of(channel), List.of());
		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + channel, null)) {
			assertProblem(publishBody(token, channel, "{\"event\":\"x\",\"data\":"), 400, null);
			assertProblem(publishBody(token, channel, "{\"data\":{}}"), 400, "event");
			assertProblem(publishBody(token, channel, "{\"event\":\"1 bad\",\"data\":{}}"), 400, "event");
			assertProblem(publishBody(token, channel, "{\"event\":\"x\"}"), 400, "data");
			assertProblem(publishBody(token, channel, "{\"event\":\"x\",\"data\":\"%s\"}".formatted("a".repeat(70_000))), 413,
					null);
			assertProblem(publish(token, "no-such-channel", "x", "{}", null), 404, null);
			assertProblem(publish(token, channel, "x", "{}", ""), 400, "Idempotency-Key");
			assertProblem(client().send("POST", "/api/channels/%s/events".formatted(feed), "{\"event\":\"x\",\"data\":{}}"), 400,
					null);
			assertProblem(publishBody("baton_not-a-token", channel, "{\"event\":\"x\",\"data\":{}}"), 401, null);
			assertProblem(newMember().send("POST", "/api/channels/%s/events".formatted(channel), "{\"event\":\"x\",\"data\":{}}"),
					403, null);
			assertThat(sse.events().drain(Duration.ofMillis(500))).isEmpty();
		}
	}

	@Test
	void aModuleChannelTakesNoPostsAndIsNoTabOfTheFeed() {
		BatonClient.Response created = client().send("POST", "/api/channels",
				"{\"name\":\"m-%s\",\"kind\":\"module\"}".formatted(suffix()));
		String channel = created.json().get("name").asString();
		assertThat(created.json().get("kind").asString()).isEqualTo("module");

		BatonClient.Response post = client().post(channel, "a post", "to a module channel");
		assertThat(post.status()).isEqualTo(400);
		assertThat(post.json().get("detail").asString()).contains("is a module channel: it takes published events, not posts");
		assertThat(client().send("GET", "/?channel=" + channel, null).status()).isEqualTo(404);
		assertThat(client().send("GET", "/", null).body()).doesNotContain(channel);
		assertThat(client().send("POST", "/api/channels", "{\"name\":\"x-%s\",\"kind\":\"other\"}".formatted(suffix())).status())
			.isEqualTo(400);
	}

	@Test
	void aSignedInPersonPublishesOverTheWebSocketWithAnAck() {
		String channel = newModuleChannel();
		BatonClient member = newMember();
		client().send("PUT", "/api/channels/%s/permissions".formatted(channel),
				"{\"publish\":[\"user:%s\"]}".formatted(member.username()));
		try (CommandSocket socket = new CommandSocket(member.ws("/ws/updates?channels=" + channel));
				CommandSocket stranger = new CommandSocket(newMember().ws("/ws/updates?channels=" + channel))) {
			JsonNode ack = socket.send("type", "publish", "ref", "p1", "key", "k1", "channel", channel, "event", "note.added",
					"data", Map.of("text", "hello")).answer();
			assertThat(ack.toString()).isEqualTo("{\"type\":\"ack\",\"ref\":\"p1\",\"seq\":%d}".formatted(ack.get("seq").asLong()));
			JsonNode event = socket.ws().events().next(WAIT).json();
			assertThat(event.get("seq").asLong()).isEqualTo(ack.get("seq").asLong());
			assertThat(event.get("publisher").toString()).isEqualTo("{\"kind\":\"user\",\"name\":\"%s\"}".formatted(member.username()));

			JsonNode again = socket.send("type", "publish", "ref", "p2", "key", "k1", "channel", channel, "event", "note.added",
					"data", Map.of("text", "hello")).answer();
			assertThat(again.get("seq").asLong()).isEqualTo(ack.get("seq").asLong());
			JsonNode refused = stranger.send("type", "publish", "ref", "p3", "channel", channel, "event", "x", "data", Map.of())
				.answer();
			assertThat(refused.get("status").asInt()).isEqualTo(403);
			JsonNode invalid = socket.send("type", "publish", "ref", "p4", "channel", channel, "event", "bad name", "data", 1)
				.answer();
			assertThat(invalid.get("status").asInt()).isEqualTo(400);
			assertThat(invalid.get("errors").get(0).get("field").asString()).isEqualTo("event");
		}
	}

	private String newToken(List<String> publish, List<String> read) {
		BatonClient.Response created = client().send("POST", "/api/tokens", BatonClient.JSON.writeValueAsString(
				Map.of("name", "orders-" + suffix(), "publish", publish, "read", read)));
		assertThat(created.status()).isEqualTo(201);
		return created.json().get("token").asString();
	}

	private BatonClient.Response publish(String token, String channel, String event, String data, String key) {
		HttpRequest.Builder request = HttpRequest.newBuilder(anonymous().uri("http", "/api/channels/%s/events".formatted(channel)))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"%s\",\"data\":%s}".formatted(event, data)));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return anonymous().withToken(token).send(request);
	}

	private BatonClient.Response publishBody(String token, String channel, String body) {
		return anonymous().withToken(token).send(HttpRequest
			.newBuilder(anonymous().uri("http", "/api/channels/%s/events".formatted(channel)))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private static void assertProblem(BatonClient.Response response, int status, String field) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		if (field != null) {
			assertThat(response.body()).contains("\"" + field + "\"");
		}
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
