package dev.baton.scaleout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.baton.support.BatonClient;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Instance;
import dev.baton.support.Received;
import dev.baton.support.Received.Event;
import dev.baton.support.SseSubscriber;
import dev.baton.support.TestDatabase;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two Baton instances on one PostgreSQL: this test's instance (A) and a second one (B). */
class TwoInstancesIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static Instance second;

	@BeforeAll
	static void startSecondInstance() {
		second = Instance.start(TestDatabase.settings(), ADMIN_PASSWORD);
	}

	@AfterAll
	static void stopSecondInstance() {
		second.close();
	}

	@Test
	void writesThroughEitherInstanceReachSubscribersOfBothOnceInSeqOrder() {
		String channel = newChannel();
		BatonClient a = client();
		BatonClient b = second.client("admin", ADMIN_PASSWORD);
		List<AutoCloseable> subscribers = new ArrayList<>();
		List<Received> received = new ArrayList<>();
		for (BatonClient instance : List.of(a, b)) {
			SseSubscriber sse = instance.sse("/api/updates/stream?channels=" + channel, null);
			WsSubscriber ws = instance.ws("/ws/updates?channels=" + channel);
			subscribers.add(sse);
			subscribers.add(ws);
			received.add(sse.events());
			received.add(ws.events());
		}

		List<Long> posted = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			BatonClient writer = (i % 2 == 0) ? a : b;
			posted.add(writer.post(channel, "alternating " + i, "x").json().get("id").asLong());
		}

		for (Received events : received) {
			List<Event> all = events.await(posted.size(), WAIT);
			assertThat(all).extracting(Event::seq).isSorted().doesNotHaveDuplicates();
			assertThat(all).extracting(event -> event.json().get("update_id").asLong()).containsExactlyElementsOf(posted);
			assertThat(events.drain(Duration.ofMillis(300))).isEmpty();
		}
		subscribers.forEach(TwoInstancesIntegrationTests::closeQuietly);
	}

	@Test
	void browserSignedInOnOneInstanceIsSignedInOnTheOther() throws Exception {
		String session = anonymous().signIn("admin", ADMIN_PASSWORD);
		String channel = newChannel();
		BatonClient b = BatonClient.forPort(second.port());

		BatonClient.Response page = b.send(java.net.http.HttpRequest.newBuilder(b.uri("http", "/")).header("Cookie", session));
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("data-connection-status");
		WsSubscriber.Recorder recorder = new WsSubscriber.Recorder();
		java.net.http.WebSocket socket = java.net.http.HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.header("Cookie", session)
			.buildAsync(b.uri("ws", "/ws/updates?channels=" + channel), recorder)
			.get(10, TimeUnit.SECONDS);
		client().post(channel, "seen through the other instance", "x");
		assertThat(recorder.events().next(WAIT).json().get("channel").asString()).isEqualTo(channel);
		socket.sendClose(1000, "bye");

		String token = BatonClient.csrfToken(page.body());
		b.send(java.net.http.HttpRequest.newBuilder(b.uri("http", "/logout"))
			.header("Cookie", session)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("_csrf=" + token)));
		// this instance trusts a session it has read for a few seconds (SharedWebSessions.RECHECK)
		await().atMost(Duration.ofSeconds(15)).until(() -> anonymous()
			.send(java.net.http.HttpRequest.newBuilder(anonymous().uri("http", "/api/updates")).header("Cookie", session))
			.status() == 401);
	}

	@Test
	void signOutAndDeletionOnOneInstanceEndStreamsAndSignInsOnTheOtherWithinTenSeconds() throws Exception {
		BatonClient member = newMember();
		BatonClient memberOnB = second.client(member.username(), member.password());
		assertThat(memberOnB.send("GET", "/api/channels", null).status()).isEqualTo(200);
		String cookies = anonymous().signIn(member.username(), member.password());
		String channel = newChannel();
		try (WsSubscriber pageOnB = BatonClient.forPort(second.port()).withCookies(cookies).ws("/ws/updates?channels=" + channel);
				SseSubscriber scriptOnB = memberOnB.sse("/api/updates/stream?channels=" + channel, null)) {
			client().post(channel, "live", "x");
			pageOnB.events().next(WAIT);
			scriptOnB.events().next(WAIT);

			BatonClient browserOnA = anonymous().withCookies(cookies);
			String token = BatonClient.csrfToken(browserOnA.send("GET", "/", null).body());
			browserOnA.send(java.net.http.HttpRequest.newBuilder(browserOnA.uri("http", "/logout"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("_csrf=" + token)));
			assertThat(pageOnB.closed().get(10, TimeUnit.SECONDS))
				.isEqualTo(new WsSubscriber.Close(4001, "session ended: sign in again"));

			assertThat(client().send("DELETE", "/api/users/" + member.username(), null).status()).isEqualTo(204);
			scriptOnB.ended().get(10, TimeUnit.SECONDS);
			assertThat(scriptOnB.lastEvent()).isEqualTo("signed_out");
		}
		// B remembered the deleted user's Basic credentials
		assertThat(memberOnB.send("GET", "/api/channels", null).status()).isEqualTo(401);
	}

	@Test
	void killingEveryConnectionOfBothInstancesLosesNoCommittedEvent() throws Exception {
		String channel = newChannel();
		BatonClient a = client();
		BatonClient b = second.client("admin", ADMIN_PASSWORD);
		try (SseSubscriber onA = a.sse("/api/updates/stream?channels=" + channel, null);
				WsSubscriber onB = b.ws("/ws/updates?channels=" + channel)) {
			Set<Long> committed = ConcurrentHashMap.newKeySet();
			AtomicBoolean writing = new AtomicBoolean(true);
			Thread writer = new Thread(() -> {
				for (int i = 0; writing.get(); i++) {
					BatonClient.Response response = ((i % 2 == 0) ? a : b).post(channel, "through the fault " + i, "x");
					if (response.status() == 201) {
						committed.add(response.json().get("id").asLong());
					}
					else {
						assertThat(response.status()).as(response.body()).isEqualTo(503);
					}
				}
			});
			writer.start();
			Thread.sleep(300);

			long killedAt = System.nanoTime();
			long killed = this.db.sql("SELECT count(pg_terminate_backend(pid)) AS killed FROM pg_stat_activity "
					+ "WHERE pid <> pg_backend_pid() AND datname = current_database() AND backend_type = 'client backend'")
				.map(row -> row.get("killed", Long.class))
				.one()
				.block();
			Thread.sleep(1000);
			writing.set(false);
			writer.join(TimeUnit.SECONDS.toMillis(30));

			int total = committed.size();
			List<Event> viaA = onA.events().await(total, WAIT);
			List<Event> viaB = onB.events().await(total, WAIT);
			long firstAfterKill = viaB.stream().mapToLong(Event::receivedAt).filter(at -> at > killedAt).min().orElseThrow();
			System.out.printf("[measure] killed %d connections of two instances: %d posts committed around it, all delivered to both; first delivery after the kill %.0f ms later%n",
					killed, total, (firstAfterKill - killedAt) / 1e6);
			for (List<Event> events : List.of(viaA, viaB)) {
				assertThat(events).extracting(Event::seq).isSorted().doesNotHaveDuplicates();
				assertThat(new HashSet<>(events.stream().map(event -> event.json().get("update_id").asLong()).toList()))
					.isEqualTo(committed);
			}
			assertThat(onA.events().drain(Duration.ofMillis(300))).isEmpty();
			// the pools replaced their dead connections: every request succeeds again
			for (int i = 0; i < 20; i++) {
				assertThat(a.send("GET", "/api/updates?channel=" + channel + "&limit=1", null).status()).isEqualTo(200);
				assertThat(b.send("GET", "/api/updates?channel=" + channel + "&limit=1", null).status()).isEqualTo(200);
			}
			assertThat(a.post(channel, "after, through A", "x").status()).isEqualTo(201);
			assertThat(b.post(channel, "after, through B", "x").status()).isEqualTo(201);
			assertThat(onB.events().await(2, WAIT)).hasSize(2);
		}
	}

	@Test
	void clientMovesFromAStoppedInstanceToTheOtherWithoutAGap() throws Exception {
		String channel = newChannel();
		BatonClient a = client();
		Instance leaving = Instance.start(TestDatabase.settings(), ADMIN_PASSWORD);
		BatonClient c = leaving.client("admin", ADMIN_PASSWORD);
		Set<Long> posted = ConcurrentHashMap.newKeySet();
		AtomicBoolean writing = new AtomicBoolean(true);
		Thread writer = new Thread(() -> {
			for (int i = 0; writing.get(); i++) {
				posted.add(a.post(channel, "steady " + i, "x").json().get("id").asLong());
			}
		});
		try (SseSubscriber sse = c.sse("/api/updates/stream?channels=" + channel, null);
				WsSubscriber ws = c.ws("/ws/updates?channels=" + channel)) {
			writer.start();
			List<Event> beforeSse = new ArrayList<>(sse.events().await(3, WAIT));

			long stopping = System.nanoTime();
			leaving.close();
			double stopSeconds = (System.nanoTime() - stopping) / 1e9;
			sse.ended().get(10, TimeUnit.SECONDS);
			WsSubscriber.Close close = ws.closed().get(10, TimeUnit.SECONDS);
			assertThat(close.code()).isEqualTo(1001);
			beforeSse.addAll(sse.events().drain(Duration.ofMillis(100)));
			List<Event> beforeWs = ws.events().drain(Duration.ofMillis(100));

			try (SseSubscriber sseAgain = a.sse("/api/updates/stream?channels=" + channel, sse.lastId());
					WsSubscriber wsAgain = a.ws("/ws/updates?channels=" + channel + "&since="
							+ beforeWs.get(beforeWs.size() - 1).seq())) {
				Thread.sleep(500);
				writing.set(false);
				writer.join(TimeUnit.SECONDS.toMillis(30));
				System.out.printf("[measure] an instance with open streams stopped in %.2f s%n", stopSeconds);

				assertNoGap(beforeSse, sseAgain.events(), posted);
				assertNoGap(beforeWs, wsAgain.events(), posted);
			}
		}
		finally {
			writing.set(false);
		}
	}

	// everything posted while the client moved reached it exactly once, in seq order
	private static void assertNoGap(List<Event> beforeStop, Received afterMove, Set<Long> posted) {
		List<Event> all = new ArrayList<>(beforeStop);
		all.addAll(afterMove.drain(Duration.ofSeconds(2)));
		assertThat(all).extracting(Event::seq).isSorted().doesNotHaveDuplicates();
		assertThat(all.stream().map(event -> event.json().get("update_id").asLong()).toList())
			.containsExactlyInAnyOrderElementsOf(posted);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// the test is over
		}
	}

}
