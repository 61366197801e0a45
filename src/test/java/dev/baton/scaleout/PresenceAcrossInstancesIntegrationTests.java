package dev.baton.scaleout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.baton.support.BatonClient;
import dev.baton.support.FreePort;
import dev.baton.support.Instance;
import dev.baton.support.IntegrationTest;
import dev.baton.support.JarProcess;
import dev.baton.support.Received.Event;
import dev.baton.support.SseSubscriber;
import dev.baton.support.TestDatabase;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence with several instances on one PostgreSQL: this test's (A), B in this JVM, and
 * instances that stop gracefully or are killed.
 */
class PresenceAcrossInstancesIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static Instance second;

	@BeforeAll
	static void startSecondInstance() {
		second = Instance.start(TestDatabase.settings(), ADMIN_PASSWORD, "--baton.presence.grace=1s");
	}

	@AfterAll
	static void stopSecondInstance() {
		second.close();
	}

	@Test
	void presenceConvergesAcrossInstancesAndAUserOnBothCountsOnce() {
		String channel = newChannel();
		BatonClient ana = newMember("ana-");
		BatonClient bob = newMember("bob-");
		BatonClient anaOnB = BatonClient.forPort(second.port()).as(ana.username(), ana.password());
		BatonClient bobOnB = BatonClient.forPort(second.port()).as(bob.username(), bob.password());
		String path = "/ws/updates?channels=%s&include=presence".formatted(channel);
		try (WsSubscriber onA = ana.ws(path); SseSubscriber onB = bobOnB.sse("/api/updates/stream?channels=%s&include=presence"
			.formatted(channel), null)) {
			onA.events().until(users(ana.username(), bob.username()), WAIT);
			onB.events().until(users(ana.username(), bob.username()), WAIT);

			try (WsSubscriber anaAgain = anaOnB.ws("/ws/updates?channels=" + channel)) {
				Predicate<Event> twice = users(ana.username(), bob.username())
					.and(event -> event.json().get("connection_count").asInt() == 3);
				Event seenOnA = onA.events().until(twice, WAIT);
				onB.events().until(twice, WAIT);
				assertThat(seenOnA.json().get("user_count").asInt()).isEqualTo(2);
				assertThat(seenOnA.json().get("users").get(0).get("connections").asInt()).isEqualTo(2);
			}
		}
		try (WsSubscriber watching = anaOnB.ws(path)) {
			// bob's stream closed: gone from both once his grace is over
			watching.events().until(users(ana.username()), WAIT);
			await().atMost(WAIT).until(() -> names(ana.send("GET", "/api/channels/%s/presence".formatted(channel), null)
				.json()), names -> names.equals(List.of(ana.username())));
		}
	}

	// an orchestrator's SIGKILL, or a crash: nothing tells the others, the killed instance's rows expire
	@Test
	void theUsersOfAKilledInstanceLeaveWithinTheBound() throws Exception {
		String channel = newChannel();
		BatonClient ana = newMember("ana-");
		BatonClient carol = newMember("carol-");
		int port = FreePort.find();
		Process killed = JarProcess.start("presence-killed-instance", port);
		try {
			BatonClient carolThere = BatonClient.forPort(port).as(carol.username(), carol.password());
			await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
				.until(() -> carolThere.send("GET", "/actuator/health/liveness", null).status() == 200);
			try (WsSubscriber watching = ana.ws("/ws/updates?channels=%s&include=presence".formatted(channel));
					SseSubscriber carols = carolThere.sse("/api/updates/stream?channels=" + channel, null)) {
				watching.events().until(users(ana.username(), carol.username()), Duration.ofSeconds(20));

				long killedAt = System.nanoTime();
				killed.destroyForcibly();
				watching.events().until(users(ana.username()), Duration.ofSeconds(30));
				System.out.printf("[measure] presence: a SIGKILLed instance's user left after %.1f s%n",
						(System.nanoTime() - killedAt) / 1e9);
			}
		}
		finally {
			killed.destroyForcibly();
		}
	}

	// a rolling deploy: the instance stops, its clients reconnect to another within the grace period
	@Test
	void theUsersOfAStoppedInstanceStayWhileTheyReconnectElsewhereAndNothingStaysBehind() throws Exception {
		String channel = newChannel();
		BatonClient ana = newMember("ana-");
		BatonClient dave = newMember("dave-");
		Instance stopping = Instance.start(TestDatabase.settings(), ADMIN_PASSWORD, "--baton.presence.grace=5s");
		BatonClient daveThere = BatonClient.forPort(stopping.port()).as(dave.username(), dave.password());
		try (WsSubscriber watching = ana.ws("/ws/updates?channels=%s&include=presence".formatted(channel))) {
			SseSubscriber before = daveThere.sse("/api/updates/stream?channels=" + channel, null);
			watching.events().until(users(ana.username(), dave.username()), WAIT);

			// as a client does: it reconnects elsewhere as soon as its stream ends, while the instance stops
			CompletableFuture<Void> stopped = CompletableFuture.runAsync(stopping::close);
			before.ended().get(20, TimeUnit.SECONDS);
			try (SseSubscriber after = dave.sse("/api/updates/stream?channels=" + channel, null)) {
				stopped.get(30, TimeUnit.SECONDS);
				// his row from the stopped instance is swept after its grace; his stream here keeps him
				JsonNode settled = await().atMost(Duration.ofSeconds(20))
					.until(() -> ana.send("GET", "/api/channels/%s/presence".formatted(channel), null).json(),
							presence -> presence.get("connection_count").asInt() == 2
									&& this.db.sql("SELECT count(*) AS rows FROM presence WHERE scope = :scope")
										.bind("scope", channel)
										.map(row -> row.get("rows", Long.class))
										.one()
										.block() == 2);
				assertThat(names(settled)).containsExactly(ana.username(), dave.username());
				List<Event> seen = watching.events().drain(Duration.ofSeconds(2));
				assertThat(seen).allMatch(event -> names(event.json()).contains(dave.username()));
			}
		}
		finally {
			stopping.close();
		}
	}

	private static Predicate<Event> users(String... users) {
		return event -> event.type().equals("presence") && event.json().has("users")
				&& names(event.json()).equals(List.of(users));
	}

	private static List<String> names(JsonNode presence) {
		List<String> names = new ArrayList<>();
		presence.path("users").forEach(user -> names.add(user.get("name").asString()));
		return names;
	}

}
