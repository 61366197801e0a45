package dev.baton.updates;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.baton.support.BatonClient;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Received.Event;
import dev.baton.support.SseSubscriber;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Who may read and publish on a channel, enforced on every path: stream handshakes, live events,
 * replays, the REST API, posts; a withdrawn read permission ends the streams that named it.
 */
class ChannelPermissionsIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void permissionsAreForAdminsToReadAndReplaceAndNameRolesOrUsers() {
		String channel = newChannel();
		assertThat(client().send("GET", "/api/channels/%s/permissions".formatted(channel), null).body())
			.isEqualTo("{\"read\":[],\"publish\":[]}");
		assertThat(newMember().send("GET", "/api/channels/%s/permissions".formatted(channel), null).status()).isEqualTo(403);
		assertThat(newMember().send("PUT", "/api/channels/%s/permissions".formatted(channel), "{\"read\":[]}").status())
			.isEqualTo(403);

		BatonClient.Response invalid = permit(channel, "{\"read\":[\"role:owner\",\"user:ana\"]}");
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.body()).contains("'role:owner' is not role:member, role:admin or user:<name>");
		assertThat(permit("no-such-channel", "{\"read\":[]}").status()).isEqualTo(400);
		BatonClient.Response nullEntry = permit(channel, "{\"publish\":[null]}");
		assertThat(nullEntry.status()).isEqualTo(400);
		assertThat(nullEntry.body()).contains("\"field\":\"publish\"");

		BatonClient.Response set = permit(channel, "{\"read\":[\"user:ana\",\"role:admin\"],\"publish\":[\"user:ana\"]}");
		assertThat(set.status()).isEqualTo(200);
		assertThat(set.json().get("read")).hasSize(2);
		assertThat(client().send("GET", "/api/channels/%s/permissions".formatted(channel), null).json().get("publish").get(0)
			.asString()).isEqualTo("user:ana");
	}

	@Test
	void aStreamNamingAChannelItsUserMayNotReadIsRefusedBeforeTheUpgrade() {
		String channel = newChannel();
		BatonClient member = newMember();
		permit(channel, "{\"read\":[\"role:admin\"]}");

		try (SseSubscriber sse = member.sse("/api/updates/stream?channels=" + channel, null)) {
			assertThat(sse.status()).isEqualTo(403);
		}
		assertThatThrownBy(() -> member.ws("/ws/updates?channels=" + channel))
			.hasStackTraceContaining("Unexpected HTTP response status code 403");
		assertThat(member.send("GET", "/api/updates?channel=" + channel, null).status()).isEqualTo(403);
	}

	@Test
	void aStreamOfTheFeedGetsOnlyTheChannelsItsUserMayReadLiveAndReplayed() {
		String secret = newChannel();
		String open = newChannel();
		BatonClient member = newMember();
		permit(secret, "{\"read\":[\"role:admin\"]}");
		long before = postAndAwaitSeq(open);

		try (SseSubscriber live = member.sse("/api/updates/stream", null)) {
			long hidden = client().post(secret, "hidden", "x").json().get("id").asLong();
			long shown = client().post(open, "shown", "x").json().get("id").asLong();
			Event event;
			do {
				event = live.events().next(WAIT);
				assertThat(event.json().path("update_id").asLong()).isNotEqualTo(hidden);
			}
			while (event.json().path("update_id").asLong() != shown);

			try (SseSubscriber replay = member.sse("/api/updates/stream", Long.toString(before))) {
				do {
					event = replay.events().next(WAIT);
					assertThat(event.json().path("channel").asString()).isNotEqualTo(secret);
				}
				while (event.json().path("update_id").asLong() != shown);
			}
		}
		assertThat(member.send("GET", "/api/updates?limit=100", null).body()).doesNotContain(secret);
		long id = client().post(secret, "hidden", "x").json().get("id").asLong();
		assertThat(member.send("GET", "/api/updates/" + id, null).status()).as("as if it did not exist").isEqualTo(404);
	}

	@Test
	void withdrawingReadAccessEndsTheStreamsThatNamedTheChannel() {
		String channel = newModuleChannel();
		BatonClient member = newMember();
		permit(channel, "{\"read\":[\"user:%s\"]}".formatted(member.username()));

		try (SseSubscriber sse = member.sse("/api/updates/stream?channels=" + channel, null);
				WsSubscriber ws = member.ws("/ws/updates?channels=" + channel)) {
			assertThat(sse.status()).isEqualTo(200);
			permit(channel, "{\"read\":[\"role:admin\"]}");

			WsSubscriber.Close close = ws.closed().orTimeout(10, TimeUnit.SECONDS).join();
			assertThat(close.code()).isEqualTo(4403);
			assertThat(close.reason()).isEqualTo("read access to channel '%s' withdrawn: subscribe to channels you may read"
				.formatted(channel));
			sse.ended().orTimeout(10, TimeUnit.SECONDS).join();
			assertThat(sse.lastEvent()).isEqualTo("access_withdrawn");
		}
	}

	@Test
	void publishPermissionsDecideWhoPosts() {
		String channel = newChannel();
		BatonClient allowed = newMember();
		BatonClient other = newMember();
		permit(channel, "{\"publish\":[\"user:%s\"]}".formatted(allowed.username()));

		assertThat(allowed.post(channel, "allowed", "x").status()).isEqualTo(201);
		BatonClient.Response refused = other.post(channel, "refused", "x");
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.json().get("detail").asString()).isEqualTo("You may not post to '%s'".formatted(channel));
		assertThat(client().post(channel, "an admin may", "x").status()).isEqualTo(201);
	}

	private BatonClient.Response permit(String channel, String permissions) {
		return client().send("PUT", "/api/channels/%s/permissions".formatted(channel), permissions);
	}

}
