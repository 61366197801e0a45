package dev.baton.scaleout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import dev.baton.support.BatonClient;
import dev.baton.support.Instance;
import dev.baton.support.IntegrationTest;
import dev.baton.support.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.ApplicationListener;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health for orchestrators: {@code db} and {@code relay} components, liveness and readiness
 * groups. The relay here waits long before reconnecting and turns DOWN quickly, so its outage
 * can be watched.
 */
@TestPropertySource(properties = { "baton.relay.down-after=1s", "baton.relay.min-backoff=8s",
		"baton.relay.max-backoff=8s" })
class HealthIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Test
	void healthHasDbAndRelayComponentsAndProbeGroups() {
		BatonClient.Response health = anonymous().send("GET", "/actuator/health", null);
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().at("/components/db/status").asString()).isEqualTo("UP");
		assertThat(health.json().at("/components/relay/status").asString()).isEqualTo("UP");
		assertThat(health.json().at("/components/relay/details").isMissingNode()).as("details are for admins").isTrue();
		assertThat(client().send("GET", "/actuator/health/relay", null).json().at("/details/listening").asBoolean())
			.isTrue();
		assertThat(anonymous().send("GET", "/actuator/health/liveness", null).status()).isEqualTo(200);
		BatonClient.Response readiness = anonymous().send("GET", "/actuator/health/readiness", null);
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.json().get("components").propertyNames()).containsExactlyInAnyOrder("readinessState", "db",
				"relay");
	}

	@Test
	void relayIsDownWhileTheListenConnectionIsGoneLongerThanDownAfterAndUpAgainOnceItReconnects() {
		assertThat(status("/actuator/health/relay")).isEqualTo(200);
		assertThat(terminateListeners()).isPositive();

		long killed = System.nanoTime();
		awaitStatus("/actuator/health/relay", 503);
		System.out.printf("[measure] relay DOWN %.1f s after its LISTEN connection was killed (down-after 1 s)%n",
				(System.nanoTime() - killed) / 1e9);
		assertThat(status("/actuator/health/readiness")).isEqualTo(503);
		assertThat(status("/actuator/health/liveness")).as("a database outage is no reason to restart").isEqualTo(200);
		assertThat(client().send("GET", "/actuator/health/relay", null).json().at("/details/downFor").asString())
			.startsWith("PT");

		awaitStatus("/actuator/health/relay", 200);
		assertThat(status("/actuator/health/readiness")).isEqualTo(200);
	}

	@Test
	void readinessIsOutOfServiceAsSoonAsAnInstanceStartsShuttingDown() {
		Instance leaving = Instance.start(TestDatabase.settings(), ADMIN_PASSWORD);
		assertThat(BatonClient.forPort(leaving.port()).send("GET", "/actuator/health/readiness", null).status())
			.isEqualTo(200);
		AtomicReference<String> readinessWhileStopping = new AtomicReference<>();
		HealthEndpoint health = leaving.context().getBean(HealthEndpoint.class);
		leaving.context()
			.addApplicationListener((ApplicationListener<AvailabilityChangeEvent<ReadinessState>>) event -> {
				if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
					readinessWhileStopping.set(health.healthForPath("readiness").getStatus().getCode());
				}
			});
		leaving.close();
		assertThat(readinessWhileStopping).hasValue("OUT_OF_SERVICE");
	}

	private int status(String path) {
		return anonymous().send("GET", path, null).status();
	}

	private void awaitStatus(String path, int expected) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (status(path) != expected) {
			assertThat(System.nanoTime()).as("%s answering %d within %s", path, expected, WAIT).isLessThan(deadline);
			sleep(100);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
