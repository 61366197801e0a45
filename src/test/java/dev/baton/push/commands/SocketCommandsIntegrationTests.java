package dev.baton.push.commands;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.baton.support.BatonClient;
import dev.baton.support.CommandSocket;
import dev.baton.support.Instance;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Received.Event;
import dev.baton.support.SseSubscriber;
import dev.baton.support.StalledWebSocket;
import dev.baton.support.TestDatabase;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Posting, editing and deleting over the WebSocket, with real sockets on a real PostgreSQL. */
@ExtendWith(OutputCaptureExtension.class)
class SocketCommandsIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@Test
	void postEditAndDeleteOverTheSocketReachSubscribersOfBothInstances() {
		String channel = newChannel();
		try (Instance second = Instance.start(TestDatabase.settings(), ADMIN_PASSWORD);
				SseSubscriber sseA = client().sse("/api/updates/stream?channels=" + channel, null);
				SseSubscriber sseB = second.client("admin", ADMIN_PASSWORD).sse("/api/updates/stream?channels=" + channel, null);
				WsSubscriber wsB = second.client("admin", ADMIN_PASSWORD).ws("/ws/updates?channels=" + channel);
				CommandSocket socket = commands(client(), channel)) {
			JsonNode posted = socket.send("type", "post", "ref", "c1", "channel", channel, "title", "Over the socket", "body", "x").answer();
			long id = posted.get("update_id").asLong();
			JsonNode edited = socket.send("type", "edit", "ref", "c2", "update_id", id, "body", "edited").answer();
			JsonNode deleted = socket.send("type", "delete", "ref", "c3", "update_id", id).answer();

			assertThat(List.of(posted, edited, deleted)).extracting(answer -> answer.get("type").asString()).containsOnly("ack");
			List<Long> seqs = List.of(posted, edited, deleted).stream().map(answer -> answer.get("seq").asLong()).toList();
			assertThat(socket.events(3)).extracting(event -> event.get("seq").asLong()).containsExactlyElementsOf(seqs);
			assertThat(socket.events(3)).extracting(event -> event.get("action").asString())
				.containsExactly("created", "edited", "deleted");
			for (var received : List.of(sseA.events(), sseB.events(), wsB.events())) {
				assertThat(received.await(3, WAIT)).extracting(Event::seq).containsExactlyElementsOf(seqs);
			}
			assertThat(client().send("GET", "/api/updates/" + id, null).status()).isEqualTo(404);
		}
	}

	@Test
	void acksArriveInCommandOrderWithTheSeqOfTheirEvents() {
		String channel = newChannel();
		try (CommandSocket socket = commands(client(), channel)) {
			for (int i = 0; i < 20; i++) {
				socket.send("type", "post", "ref", "r" + i, "channel", channel, "title", "post " + i, "body", "x");
			}
			List<JsonNode> acks = socket.answers(20);

			assertThat(acks).extracting(ack -> ack.get("ref").asString())
				.containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "r" + i).toList());
			assertThat(acks).extracting(ack -> ack.get("seq").asLong()).isSorted().doesNotHaveDuplicates();
			assertThat(socket.events(20)).extracting(event -> event.get("seq").asLong())
				.containsExactlyElementsOf(acks.stream().map(ack -> ack.get("seq").asLong()).toList());
			assertThat(socket.events(20)).extracting(event -> event.get("update_id").asLong())
				.containsExactlyElementsOf(acks.stream().map(ack -> ack.get("update_id").asLong()).toList());
			JsonNode update = client().send("GET", "/api/updates/" + acks.get(3).get("update_id").asLong(), null).json();
			assertThat(update.get("title").asString()).isEqualTo("post 3");
			assertThat(update.has("idempotencyKey")).isFalse();
		}
	}

	@Test
	void refusalsAreErrorsWithTheStatusAndWordingOfTheRestApi() {
		String channel = newChannel();
		BatonClient member = newMember();
		long admins = client().post(channel, "the admin's", "x").json().get("id").asLong();
		try (CommandSocket socket = commands(member, channel)) {
			JsonNode blank = socket.send("type", "post", "ref", "b", "channel", channel, "title", " ", "body", "x").answer();
			assertError(blank, "b", 400, "Invalid request", "title must not be blank");
			assertThat(blank.get("errors").get(0).get("field").asString()).isEqualTo("title");
			assertThat(blank.get("errors").get(0).get("message").asString()).isEqualTo("must not be blank");
			assertThat(blank.get("detail").asString())
				.isEqualTo(member.post(channel, " ", "x").json().get("detail").asString());

			assertError(socket.send("type", "post", "ref", "long", "channel", channel, "title", "t".repeat(201), "body", "x").answer(),
					"long", 400, "Invalid request", "title size must be between 0 and 200");
			assertError(socket.send("type", "post", "ref", "u", "channel", "no-such-channel", "title", "t", "body", "x").answer(),
					"u", 400, "Unknown channel", "Unknown channel 'no-such-channel'");
			assertError(socket.send("type", "post", "channel", channel, "title", "t", "body", "x").answer(), null, 400,
					"Invalid request", "ref must not be null");
			assertError(socket.send("type", "edit", "ref", "e").answer(), "e", 400, "Invalid request",
					"update_id must not be null");
			assertError(socket.send("type", "edit", "ref", "e2", "update_id", admins).answer(), "e2", 400,
					"Invalid request", "Nothing to change: send title, body or both");
			assertError(socket.send("type", "delete", "ref", "d", "update_id", "seven").answer(), "d", 400,
					"Malformed command", "The command is not valid JSON for its type");
			assertError(socket.send("type", "shout", "ref", "s").answer(), "s", 400, "Invalid request",
					"type must be post, edit, delete, publish, typing or ping");
			assertError(socket.sendText("[1,2,3]").answer(), null, 400, "Invalid request",
					"type must be post, edit, delete, publish, typing or ping");
			assertError(socket.send("type", "post", "ref", "r".repeat(65), "channel", channel, "title", "t", "body", "x").answer(),
					null, 400, "Invalid request", "ref size must be between 1 and 64");

			assertError(socket.send("type", "post", "ref", "a", "channel", "announcements", "title", "t", "body", "x").answer(),
					"a", 403, "Forbidden", "Only admins post to 'announcements'");
			assertError(socket.send("type", "edit", "ref", "o", "update_id", admins, "title", "mine now").answer(), "o", 403,
					"Forbidden", "Only its author or an admin may change update " + admins);
			assertError(socket.send("type", "delete", "ref", "m", "update_id", 999_999_999).answer(), "m", 404, "Not Found",
					"Update 999999999 does not exist");
			String key = UUID.randomUUID().toString();
			socket.send("type", "post", "ref", "k1", "key", key, "channel", channel, "title", "t", "body", "x").answer();
			assertError(socket.send("type", "post", "ref", "k2", "key", key, "channel", channel, "title", "other", "body", "x").answer(),
					"k2", 409, "Conflict", "Idempotency key '%s' already names another post".formatted(key));

			assertThat(socket.send("type", "ping").send("type", "post", "ref", "ok", "channel", channel, "title", "t", "body", "x")
				.answer()
				.get("type")
				.asString()).isEqualTo("ack");
			assertThat(socket.ws().closed()).isNotDone();
		}
	}

	@Test
	void controlCharactersUnpairedSurrogatesAndUnicodeBlanksAreInvalidFields(CapturedOutput output) {
		String channel = newChannel();
		try (CommandSocket socket = commands(client(), channel)) {
			JsonNode nul = socket.sendText(command("post", "n", channel, "\\u0000", "x")).answer();
			assertError(nul, "n", 400, "Invalid request",
					"title must not contain control characters other than tab, line feed and carriage return");
			assertThat(nul.get("errors").get(0).get("field").asString()).isEqualTo("title");
			assertError(socket.sendText(command("post", "s", channel, "t", "\\uD800")).answer(), "s", 400,
					"Invalid request", "body must not contain an unpaired UTF-16 surrogate");
			assertError(socket.send("type", "post", "ref", "b", "channel", channel, "title", "\u00A0\u202F", "body", "x").answer(),
					"b", 400, "Invalid request", "title must not be blank");
			assertError(socket.sendText(
					"{\"type\":\"post\",\"ref\":\"k\",\"key\":\"\\u0000\",\"channel\":\"%s\",\"title\":\"t\",\"body\":\"x\"}"
						.formatted(channel))
				.answer(), "k", 400, "Invalid request", "key must not contain control characters other than tab, line feed and carriage return");

			long id = socket.send("type", "post", "ref", "p", "channel", channel, "title", "t", "body", "x").answer().get("update_id").asLong();
			assertError(socket.sendText("{\"type\":\"edit\",\"ref\":\"e\",\"update_id\":%d,\"body\":\"a\\u0000\"}".formatted(id))
				.answer(), "e", 400, "Invalid request", "body must not contain control characters other than tab, line feed and carriage return");
			assertError(socket.send("type", "edit", "ref", "e2", "update_id", id, "title", "\u2007").answer(), "e2", 400,
					"Invalid request", "title must not be blank");
		}
		assertThat(output).doesNotContain("WebSocket command failed", "invalid byte sequence");
	}

	@Test
	void anUpdateIdThatIsNotAnIntegerIsAMalformedCommand() {
		String channel = newChannel();
		try (CommandSocket socket = commands(client(), channel)) {
			long id = socket.send("type", "post", "ref", "p", "channel", channel, "title", "t", "body", "x").answer().get("update_id").asLong();
			assertError(socket.sendText("{\"type\":\"edit\",\"ref\":\"e\",\"update_id\":%d.5,\"body\":\"y\"}".formatted(id)).answer(),
					"e", 400, "Malformed command", "The command is not valid JSON for its type");
			assertError(socket.sendText("{\"type\":\"delete\",\"ref\":\"d\",\"update_id\":%d.5}".formatted(id)).answer(),
					"d", 400, "Malformed command", "The command is not valid JSON for its type");
			assertError(socket.send("type", "delete", "ref", "s", "update_id", Long.toString(id)).answer(), "s", 400,
					"Malformed command", "The command is not valid JSON for its type");
			assertThat(client().send("GET", "/api/updates/" + id, null).json().get("body").asString()).isEqualTo("x");
			assertThat(socket.sendText("{\"type\":\"delete\",\"ref\":\"ok\",\"update_id\":%d}".formatted(id)).answer()
				.get("type")
				.asString()).isEqualTo("ack");
		}
	}

	@Test
	void droppedConnectionWithAnUnacknowledgedPostThenAResendWithTheSameKeyGivesOneUpdate() throws Exception {
		String channel = newChannel();
		BatonClient member = newMember();
		String key = UUID.randomUUID().toString();
		Object[] post = { "type", "post", "ref", "p1", "key", key, "channel", channel, "title", "Sent once", "body", "x" };
		CommandSocket lost = commands(member, channel);
		lost.send(post);
		lost.ws().socket().abort();

		JsonNode first;
		try (CommandSocket again = commands(member, channel)) {
			first = again.send(post).answer();
		}
		try (CommandSocket onceMore = commands(member, channel)) {
			assertThat(onceMore.send(post).answer()).isEqualTo(first);
		}
		assertThat(first.get("type").asString()).isEqualTo("ack");
		assertThat(client().send("GET", "/api/updates?channel=" + channel, null).json()).hasSize(1);
		assertThat(client().send("GET", "/api/updates?channel=" + channel, null).json().get(0).get("id").asLong())
			.isEqualTo(first.get("update_id").asLong());
		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + channel + "&lastEventId=0", null)) {
			Event created = sse.events().next(WAIT);
			assertThat(created.seq()).isEqualTo(first.get("seq").asLong());
			assertThat(sse.events().drain(Duration.ofMillis(300))).isEmpty();
		}
	}

	@Test
	void concurrentRepeatsOfAKeyOnTwoSocketsCreateOneUpdateAndAnotherUsersKeyIsIndependent() throws Exception {
		String channel = newChannel();
		BatonClient member = newMember();
		String key = UUID.randomUUID().toString();
		try (CommandSocket one = commands(member, channel); CommandSocket two = commands(member, channel);
				CommandSocket other = commands(newMember(), channel)) {
			Object[] post = { "type", "post", "ref", "p", "key", key, "channel", channel, "title", "Raced", "body", "x" };
			CompletableFuture.allOf(CompletableFuture.runAsync(() -> one.send(post)),
					CompletableFuture.runAsync(() -> two.send(post))).get(10, TimeUnit.SECONDS);
			JsonNode fromOne = one.answer();
			JsonNode fromTwo = two.answer();
			JsonNode fromOther = other.send(post).answer();

			assertThat(fromOne).isEqualTo(fromTwo);
			assertThat(fromOne.get("type").asString()).isEqualTo("ack");
			assertThat(fromOther.get("type").asString()).isEqualTo("ack");
			assertThat(fromOther.get("update_id").asLong()).isNotEqualTo(fromOne.get("update_id").asLong());
			assertThat(client().send("GET", "/api/updates?channel=" + channel, null).json()).hasSize(2);
		}
	}

	@Test
	void restAndSocketShareTheKeySpace() {
		String channel = newChannel();
		String key = UUID.randomUUID().toString();
		BatonClient.Response rest = client().post(channel, "t", "x", key);
		assertThat(rest.status()).isEqualTo(201);
		try (CommandSocket socket = commands(client(), channel)) {
			JsonNode ack = socket.send("type", "post", "ref", "p", "key", key, "channel", channel, "title", "t", "body", "x").answer();
			assertThat(ack.get("update_id").asLong()).isEqualTo(rest.json().get("id").asLong());
		}
	}

	@RepeatedTest(5)
	void garbageFollowedAtOnceByMegabytesStillClosesWith1007() throws Exception {
		try (StalledWebSocket client = StalledWebSocket.open(this.port, "/ws/updates", client().authorization())) {
			// the client goes on sending while the server closes: 4 MB as the JDK client sends a
			// message, in fragments of 16 KB, more than the kernel's buffers hold
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
				try {
					client.sendText("{garbage".getBytes(StandardCharsets.UTF_8));
					client.sendFrame(0x01, new byte[16 * 1024]);
					for (int i = 1; i < 255; i++) {
						client.sendFrame(0x00, new byte[16 * 1024]);
					}
					client.sendFrame(0x80, new byte[16 * 1024]);
				}
				catch (java.io.IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			});
			// a connection reset under unread bytes would fail the writes and may drop the close frame
			sending.get(15, TimeUnit.SECONDS);
			assertThat(client.readToClose().closeCode()).isEqualTo(1007);
		}
	}

	private CommandSocket commands(BatonClient client, String channel) {
		return new CommandSocket(client.ws("/ws/updates?channels=" + channel));
	}

	// a post as raw JSON, so that title and body may carry escapes such as a lone surrogate
	private static String command(String type, String ref, String channel, String title, String body) {
		return "{\"type\":\"%s\",\"ref\":\"%s\",\"channel\":\"%s\",\"title\":\"%s\",\"body\":\"%s\"}"
			.formatted(type, ref, channel, title, body);
	}

	private static void assertError(JsonNode answer, String ref, int status, String title, String detail) {
		assertThat(answer.get("type").asString()).as(answer.toString()).isEqualTo("error");
		assertThat(answer.has("ref") ? answer.get("ref").asString() : null).isEqualTo(ref);
		assertThat(answer.get("status").asInt()).as(answer.toString()).isEqualTo(status);
		assertThat(answer.get("title").asString()).as(answer.toString()).isEqualTo(title);
		assertThat(answer.get("detail").asString()).isEqualTo(detail);
	}

}
