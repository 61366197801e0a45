package dev.baton.presence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.baton.support.BatonClient;
import dev.baton.support.CommandSocket;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Received.Event;
import dev.baton.support.SseSubscriber;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence, typing and unread posts on one instance, over real sockets (the test context has a
 * presence grace of 1 s).
 */
class PresenceIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void streamsThatAskSeeWhoArrivesAndLeavesOnBothTransports() {
		String channel = newChannel();
		BatonClient ana = newMember("ana-");
		BatonClient bob = newMember("bob-");
		try (WsSubscriber watching = ana.ws("/ws/updates?channels=%s&include=presence".formatted(channel))) {
			Event alone = watching.events().until(presence(ana.username()), WAIT);
			assertThat(alone.json().get("channel").asString()).isEqualTo(channel);
			assertThat(alone.json().has("seq")).isFalse();

			try (SseSubscriber arriving = bob.sse("/api/updates/stream?channels=%s&include=presence".formatted(channel), null)) {
				Event both = watching.events().until(presence(ana.username(), bob.username()), WAIT);
				assertThat(both.json().get("user_count").asInt()).isEqualTo(2);
				assertThat(both.json().get("connection_count").asInt()).isEqualTo(2);
				arriving.events().until(presence(ana.username(), bob.username()), WAIT);
				// not in the log: no id to resume after
				assertThat(arriving.lastId()).isNull();

				JsonNode read = ana.send("GET", "/api/channels/%s/presence".formatted(channel), null).json();
				assertThat(names(read)).containsExactly(ana.username(), bob.username());
				assertThat(read.get("user_count").asInt()).isEqualTo(2);
			}
			// bob leaves once his grace period is over
			Event left = watching.events().until(presence(ana.username()), WAIT);
			assertThat(left.json().get("user_count").asInt()).isEqualTo(1);
		}
	}

	@Test
	void aUserWithTwoStreamsCountsOnceAndBeingOnlineIsForStreamsOfNoChannel() {
		String channel = newChannel();
		BatonClient ana = newMember("ana-");
		BatonClient bob = newMember("bob-");
		try (SseSubscriber online = bob.sse("/api/updates/stream?include=presence", null);
				WsSubscriber first = ana.ws("/ws/updates?channels=" + channel);
				SseSubscriber second = ana.sse("/api/updates/stream?channels=" + channel, null)) {
			JsonNode here = await().atMost(WAIT)
				.until(() -> ana.send("GET", "/api/channels/%s/presence".formatted(channel), null).json(),
						presence -> presence.get("connection_count").asInt() == 2);
			assertThat(names(here)).containsExactly(ana.username());
			assertThat(here.get("user_count").asInt()).isEqualTo(1);

			// online: ana through her channel's streams, bob through his stream of every channel
			Event seen = online.events().until(containsBoth(ana, bob), WAIT);
			assertThat(seen.json().has("channel")).isFalse();
			JsonNode everyone = bob.send("GET", "/api/presence", null).json();
			assertThat(names(everyone)).contains(ana.username(), bob.username());
			// bob is online, not present in the channel
			assertThat(names(ana.send("GET", "/api/channels/%s/presence".formatted(channel), null).json()))
				.doesNotContain(bob.username());
		}
	}

	@Test
	void streamsThatDoNotAskGetOnlyTheLogsEvents() {
		String channel = newChannel();
		BatonClient ana = newMember("ana-");
		try (SseSubscriber plain = client().sse("/api/updates/stream?channels=" + channel, null);
				WsSubscriber socket = client().ws("/ws/updates?channels=" + channel);
				WsSubscriber asking = ana.ws("/ws/updates?channels=%s&include=presence,typing,unread".formatted(channel))) {
			asking.events().until(event -> event.type().equals("presence"), WAIT);
			new CommandSocket(asking).send("type", "typing", "channel", channel);
			asking.events().until(event -> event.type().equals("typing"), WAIT);
			long id = client().post(channel, "only this", "x").json().get("id").asLong();

			for (var events : List.of(plain.events(), socket.events())) {
				Event first = events.next(WAIT);
				assertThat(first.type()).isEqualTo("updates_changed");
				assertThat(first.json().get("update_id").asLong()).isEqualTo(id);
				assertThat(events.drain(Duration.ofMillis(1500))).isEmpty();
			}
		}
	}

	@Test
	void typingReachesTheChannelsReadersIsNeverReplayedAndStops() {
		String channel = newChannel();
		BatonClient ana = newMember("ana-");
		BatonClient bob = newMember("bob-");
		try (WsSubscriber watching = ana.ws("/ws/updates?channels=%s&include=typing".formatted(channel));
				CommandSocket typing = new CommandSocket(bob.ws("/ws/updates?channels=" + channel))) {
			long since = postAndAwaitSeq(channel);
			// any role may NOTIFY: what no instance signed is not taken for typing
			this.db.sql("SELECT pg_notify('baton_typing', :forged)")
				.bind("forged", "%s%d|[[\"%s\",\"mallory\"]]".formatted("0".repeat(64), System.currentTimeMillis(), channel))
				.then()
				.block();
			typing.send("type", "typing", "channel", channel);
			Event typed = watching.events().until(event -> event.type().equals("typing"), WAIT);
			assertThat(typed.json().get("channel").asString()).isEqualTo(channel);
			assertThat(typed.json().get("users").toString()).isEqualTo("[\"%s\"]".formatted(bob.username()));
			assertThat(typed.json().has("seq")).isFalse();

			// more than a few a second are dropped without an answer: the socket goes on
			for (int i = 0; i < 10; i++) {
				typing.send("type", "typing", "channel", channel);
			}
			typing.send("type", "post", "ref", "after", "channel", channel, "title", "typed", "body", "x");
			JsonNode answer = typing.answer();
			assertThat(answer.get("type").asString()).isEqualTo("ack");
			assertThat(answer.get("ref").asString()).isEqualTo("after");

			// a stream that resumes from before gets the post again, not the typing
			try (SseSubscriber resumed = ana.sse("/api/updates/stream?channels=%s&include=typing".formatted(channel),
					Long.toString(since))) {
				assertThat(resumed.events().next(WAIT).type()).isEqualTo("updates_changed");
			}
			// stopped: 5 s after the last command, the set is empty
			Event stopped = watching.events().until(event -> event.type().equals("typing") && event.json().get("users").isEmpty(),
					Duration.ofSeconds(12));
			assertThat(stopped.json().get("channel").asString()).isEqualTo(channel);
		}
	}

	@Test
	void typingWhereOneMayNotPostIsAnErrorWithoutRef() {
		String channel = newChannel();
		client().send("PUT", "/api/channels/%s/permissions".formatted(channel), "{\"publish\":[\"role:admin\"]}");
		BatonClient ana = newMember("ana-");
		try (CommandSocket socket = new CommandSocket(ana.ws("/ws/updates?channels=" + channel))) {
			JsonNode refused = socket.send("type", "typing", "channel", channel).answer();
			assertThat(refused.get("status").asInt()).isEqualTo(403);
			assertThat(refused.has("ref")).isFalse();
			assertThat(socket.send("type", "typing").answer().get("errors").get(0).get("field").asString()).isEqualTo("channel");
			assertThat(socket.send("type", "typing", "channel", "no-such-channel").answer().get("status").asInt()).isEqualTo(400);
		}
	}

	@Test
	void whoMayNotReadAChannelSeesNeitherItsPresenceNorItsTyping() {
		String channel = newChannel();
		client().send("PUT", "/api/channels/%s/permissions".formatted(channel), "{\"read\":[\"role:admin\"]}");
		BatonClient ana = newMember("ana-");
		assertThat(ana.send("GET", "/api/channels/%s/presence".formatted(channel), null).status()).isEqualTo(403);
		assertThat(ana.send("GET", "/api/channels/no-such-channel/presence", null).status()).isEqualTo(404);
		assertThat(ana.sse("/api/updates/stream?channels=%s&include=presence".formatted(channel), null).status())
			.isEqualTo(403);
		// her stream of the feed's channels gets typing in the others, not in this one
		String open = newChannel();
		try (WsSubscriber feed = ana.ws("/ws/updates?include=typing");
				CommandSocket admin = new CommandSocket(client().ws("/ws/updates?channels=" + channel))) {
			admin.send("type", "typing", "channel", channel);
			admin.send("type", "typing", "channel", open);
			Event typed = feed.events().until(event -> event.type().equals("typing"), WAIT);
			assertThat(typed.json().get("channel").asString()).isEqualTo(open);
			assertThat(feed.events().drain(Duration.ofSeconds(1)))
				.noneMatch(event -> channel.equals(event.json().path("channel").asString(null)));
		}
	}

	@Test
	void unreadPostsAreCountedPerPersonUntilMarkedRead() {
		String viewed = newChannel();
		String other = newChannel();
		BatonClient ana = newMember("ana-");
		BatonClient bob = newMember("bob-");
		try (WsSubscriber page = ana.ws("/ws/updates?channels=%s&include=unread".formatted(viewed))) {
			long first = bob.post(other, "one", "x").json().get("id").asLong();
			Event unread = page.events().until(event -> event.type().equals("unread"), WAIT);
			assertThat(unread.json().get("channel").asString()).isEqualTo(other);
			assertThat(unread.json().get("update_id").asLong()).isEqualTo(first);
			assertThat(unread.json().get("author").asString()).isEqualTo(bob.username());
			assertThat(unread.json().has("seq")).isFalse();
			// her own post is not unread to her
			ana.post(other, "mine", "x");
			long second = bob.post(other, "two", "x").json().get("id").asLong();
			assertThat(page.events().until(event -> event.type().equals("unread"), WAIT).json().get("update_id").asLong())
				.isEqualTo(second);
		}
		assertThat(unread(ana, other)).isEqualTo(2);
		assertThat(unread(ana, viewed)).isZero();

		// read marks follow the person to another browser (another client), and only move forward
		BatonClient elsewhere = anonymous().as(ana.username(), ana.password());
		long newest = ana.send("GET", "/api/updates?channel=" + other, null).json().get(0).get("id").asLong();
		assertThat(ana.send("PUT", "/api/unread", "{\"channel\":\"%s\",\"read_up_to\":%d}".formatted(other, newest - 1))
			.status()).isEqualTo(204);
		assertThat(unread(elsewhere, other)).isEqualTo(1);
		ana.send("PUT", "/api/unread", "{\"channel\":\"%s\",\"read_up_to\":%d}".formatted(other, newest));
		ana.send("PUT", "/api/unread", "{\"channel\":\"%s\",\"read_up_to\":1}".formatted(other));
		assertThat(unread(elsewhere, other)).isZero();

		// without a channel: every feed channel
		bob.post(viewed, "three", "x");
		long last = bob.post(other, "four", "x").json().get("id").asLong();
		assertThat(unread(ana, viewed)).isEqualTo(1);
		assertThat(ana.send("PUT", "/api/unread", "{\"read_up_to\":%d}".formatted(last)).status()).isEqualTo(204);
		assertThat(unread(ana, viewed)).isZero();
		assertThat(unread(ana, other)).isZero();
	}

	@Test
	void badReadMarksAreRefused() {
		BatonClient ana = newMember("ana-");
		assertThat(ana.send("PUT", "/api/unread", "{\"channel\":\"general\"}").status()).isEqualTo(400);
		assertThat(ana.send("PUT", "/api/unread", "{\"channel\":\"general\",\"read_up_to\":-1}").status()).isEqualTo(400);
		assertThat(ana.send("PUT", "/api/unread", "{\"channel\":\"no-such-channel\",\"read_up_to\":1}").json()
			.get("field").asString()).isEqualTo("channel");
		assertThat(ana.send("PUT", "/api/unread", "{\"read_up_to\":").status()).isEqualTo(400);
		assertThat(anonymous().send("GET", "/api/unread", null).status()).isEqualTo(401);
	}

	private static long unread(BatonClient client, String channel) {
		return client.send("GET", "/api/unread", null).json().get(channel).asLong();
	}

	private static Predicate<Event> presence(String... users) {
		return event -> event.type().equals("presence") && event.json().has("users")
				&& names(event.json()).equals(List.of(users));
	}

	private static Predicate<Event> containsBoth(BatonClient ana, BatonClient bob) {
		return event -> event.type().equals("presence") && event.json().has("users")
				&& names(event.json()).containsAll(List.of(ana.username(), bob.username()));
	}

	private static List<String> names(JsonNode presence) {
		List<String> names = new ArrayList<>();
		presence.get("users").forEach(user -> names.add(user.get("name").asString()));
		return names;
	}

}
