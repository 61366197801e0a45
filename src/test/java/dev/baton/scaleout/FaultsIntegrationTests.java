package dev.baton.scaleout;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import dev.baton.support.BatonClient;
import dev.baton.support.BatonClient.Response;
import dev.baton.support.Instance;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Received.Event;
import dev.baton.support.SseSubscriber;
import dev.baton.support.TcpProxy;
import dev.baton.support.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Faults between Baton and PostgreSQL: an outage, and a connection that silently stops delivering. */
class FaultsIntegrationTests {

	private static final String ADMIN_PASSWORD = IntegrationTest.ADMIN_PASSWORD;

	@Test
	void databaseOutageAnswers503AndStreamsSurviveIt(@TempDir Path dir) throws Exception {
		EmbeddedPostgres postgres = startPostgres(dir, 0);
		int port = postgres.getPort();
		TestDatabase.Settings database = new TestDatabase.Settings("r2dbc:postgresql://127.0.0.1:%d/postgres".formatted(port),
				"postgres", "", "embedded");
		try (Instance baton = Instance.start(database, ADMIN_PASSWORD, "--baton.relay.max-backoff=1s")) {
			BatonClient client = baton.client("admin", ADMIN_PASSWORD);
			try (SseSubscriber sse = client.sse("/api/updates/stream?channels=general", null)) {
				long before = client.post("general", "Before the outage", "x").json().get("id").asLong();
				sse.events().next(Duration.ofSeconds(10));

				postgres.close();
				long writing = System.nanoTime();
				Response during = client.post("general", "During the outage", "x");
				double seconds = (System.nanoTime() - writing) / 1e9;
				assertThat(during.status()).isEqualTo(503);
				assertThat(during.header("Content-Type")).isEqualTo("application/problem+json");
				assertThat(during.header("Retry-After")).isEqualTo("5");
				assertThat(during.json().get("detail").asString()).contains("database is unavailable");
				assertThat(during.body()).doesNotContain("Exception", "at io.", "at org.");
				assertThat(seconds).isLessThan(6.0);
				Response health = BatonClient.forPort(baton.port()).send("GET", "/actuator/health", null);
				assertThat(health.status()).isEqualTo(503);
				assertThat(health.json().get("status").asString()).isEqualTo("DOWN");
				int heartbeats = sse.comments();
				Thread.sleep(10_000);
				assertThat(sse.comments()).as("heartbeats during the outage").isGreaterThan(heartbeats + 5);
				assertThat(sse.ended()).isNotDone();

				postgres = startPostgres(dir, port);
				await().atMost(Duration.ofSeconds(20))
					.until(() -> BatonClient.forPort(baton.port()).send("GET", "/actuator/health", null).status() == 200);
				long restarted = System.nanoTime();
				long after = client.post("general", "After the outage", "x").json().get("id").asLong();
				Event delivered = sse.events().next(Duration.ofSeconds(20));
				System.out.printf("[measure] database outage: a write failed with 503 after %.2f s; after the restart the first post reached a surviving stream in %.0f ms%n",
						seconds, (delivered.receivedAt() - restarted) / 1e6);
				assertThat(delivered.json().get("update_id").asLong()).isEqualTo(after);
				assertThat(client.send("GET", "/api/updates/" + before, null).status()).isEqualTo(200);
			}
		}
		finally {
			postgres.close();
		}
	}

	@Test
	void halfOpenListenConnectionIsDetectedAndReplaced() throws Exception {
		TestDatabase.Settings shared = TestDatabase.settings();
		URI direct = URI.create(shared.r2dbcUrl().substring("r2dbc:".length()));
		try (TcpProxy network = new TcpProxy(direct.getPort());
				Instance writer = Instance.start(shared, ADMIN_PASSWORD);
				Instance reader = Instance.start(new TestDatabase.Settings(
						"r2dbc:postgresql://127.0.0.1:%d%s".formatted(network.port(), direct.getPath()), shared.username(),
						shared.password(), shared.source()), ADMIN_PASSWORD)) {
			try (SseSubscriber sse = reader.client("admin", ADMIN_PASSWORD).sse("/api/updates/stream?channels=general", null)) {
				BatonClient posting = writer.client("admin", ADMIN_PASSWORD);
				assertThat(posting.post("general", "Before", "x").status()).isEqualTo(201);
				sse.events().next(Duration.ofSeconds(10));

				network.freeze();
				long frozen = System.nanoTime();
				long id = posting.post("general", "Sent while the connection is half-open", "x").json().get("id").asLong();
				Event delivered = sse.events().next(Duration.ofSeconds(10));
				System.out.printf("[measure] half-open LISTEN connection (probe interval 1 s): event delivered %.0f ms after the connection froze%n",
						(delivered.receivedAt() - frozen) / 1e6);
				assertThat(delivered.json().get("update_id").asLong()).isEqualTo(id);
				assertThat(reader.context().getBean(MeterRegistry.class).counter("baton.relay.reconnects").count())
					.isPositive();
			}
		}
	}

	private static EmbeddedPostgres startPostgres(Path dir, int port) throws IOException {
		return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port).start();
	}

}
