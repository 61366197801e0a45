package dev.baton.scaleout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.baton.support.BatonClient;
import dev.baton.support.FreePort;
import dev.baton.support.IntegrationTest;
import dev.baton.support.JarProcess;
import dev.baton.support.Received.Event;
import dev.baton.support.SseSubscriber;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The packaged jar, run as its own process and stopped with SIGTERM, as an orchestrator stops it. */
class SigtermIntegrationTests extends IntegrationTest {

	@Test
	void sigtermEndsStreamsSoClientsResumeOnAnotherInstance() throws Exception {
		String channel = newChannel();
		int port = FreePort.find();
		Process process = JarProcess.start("sigterm-instance", port);
		try {
			BatonClient leaving = BatonClient.forPort(port).as("admin", ADMIN_PASSWORD);
			await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
				.until(() -> leaving.send("GET", "/actuator/health", null).status() == 200);
			try (SseSubscriber sse = leaving.sse("/api/updates/stream?channels=" + channel, null);
					WsSubscriber ws = leaving.ws("/ws/updates?channels=" + channel)) {
				List<Long> posted = new ArrayList<>();
				posted.add(client().post(channel, "before SIGTERM", "x").json().get("id").asLong());
				sse.events().next(Duration.ofSeconds(10));
				ws.events().next(Duration.ofSeconds(10));

				long signalled = System.nanoTime();
				process.destroy();
				WsSubscriber.Close close = ws.closed().get(20, TimeUnit.SECONDS);
				sse.ended().get(20, TimeUnit.SECONDS);
				assertThat(close.code()).isEqualTo(1001);
				assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
				System.out.printf("[measure] SIGTERM: streams ended and the process exited (code %d) in %.2f s%n",
						process.exitValue(), (System.nanoTime() - signalled) / 1e9);

				posted.add(client().post(channel, "while moving", "x").json().get("id").asLong());
				try (SseSubscriber moved = client().sse("/api/updates/stream?channels=" + channel, sse.lastId())) {
					Event resumed = moved.events().next(Duration.ofSeconds(10));
					assertThat(resumed.json().get("update_id").asLong()).isEqualTo(posted.get(1));
				}
			}
		}
		finally {
			process.destroyForcibly();
		}
	}

}
