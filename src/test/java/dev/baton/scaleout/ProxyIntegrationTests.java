package dev.baton.scaleout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.baton.support.BatonClient;
import dev.baton.support.Browser;
import dev.baton.support.Instance;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Nginx;
import dev.baton.support.Received.Event;
import dev.baton.support.SseSubscriber;
import dev.baton.support.TestDatabase;
import dev.baton.support.WsSubscriber;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/nginx.conf} in real nginx, in front of this test's instance and a second one:
 * streams pass unbuffered, WebSockets upgrade, and a client of a stopped instance carries on
 * through the proxy on the other without a gap.
 */
class ProxyIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private Instance second;

	private Nginx nginx;

	@BeforeEach
	void startSecondInstanceBehindNginx() throws Exception {
		this.second = Instance.start(TestDatabase.settings(), ADMIN_PASSWORD);
		this.nginx = Nginx.start(List.of(this.port, this.second.port()));
	}

	@AfterEach
	void stop() {
		this.nginx.close();
		this.second.close();
	}

	@Test
	void sseAndWebSocketPassThroughTheProxyUnbuffered() throws Exception {
		String channel = newChannel();
		BatonClient proxied = this.nginx.client("admin", ADMIN_PASSWORD);
		try (SseSubscriber sse = proxied.sse("/api/updates/stream?channels=" + channel, null);
				WsSubscriber ws = proxied.ws("/ws/updates?channels=" + channel)) {
			assertThat(sse.status()).isEqualTo(200);
			long id = proxied.post(channel, "through nginx", "x").json().get("id").asLong();
			assertThat(sse.events().next(WAIT).json().get("update_id").asLong()).isEqualTo(id);
			assertThat(ws.events().next(WAIT).json().get("update_id").asLong()).isEqualTo(id);
			int comments = sse.comments();
			Thread.sleep(2500);
			assertThat(sse.comments()).as("heartbeats arrive one by one, not buffered").isGreaterThan(comments);
		}
	}

	@Test
	void sseClientStaysLiveThroughTheProxyWhileAnInstanceIsStopped() throws Exception {
		String channel = newChannel();
		BatonClient proxied = this.nginx.client("admin", ADMIN_PASSWORD);
		List<SseSubscriber> opened = new ArrayList<>();
		SseSubscriber onSecond = openUntilServedBy(proxied, channel, this.second.port(), opened);
		List<Long> posted = new ArrayList<>();
		posted.add(proxied.post(channel, "before the stop", "x").json().get("id").asLong());
		List<Event> received = new ArrayList<>(onSecond.events().await(1, WAIT));

		this.second.close();
		onSecond.ended().get(10, TimeUnit.SECONDS);
		// while the client is away, through whichever instance nginx still reaches
		posted.add(proxied.post(channel, "while reconnecting", "x").json().get("id").asLong());
		try (SseSubscriber resumed = proxied.sse("/api/updates/stream?channels=" + channel, onSecond.lastId())) {
			assertThat(resumed.status()).isEqualTo(200);
			assertThat(resumed.headers().firstValue("X-Upstream")).hasValue("127.0.0.1:" + this.port);
			received.addAll(resumed.events().await(1, WAIT));
			posted.add(proxied.post(channel, "after the move", "x").json().get("id").asLong());
			received.addAll(resumed.events().await(1, WAIT));
			assertThat(resumed.events().drain(Duration.ofMillis(300))).isEmpty();
		}
		assertThat(received).extracting(Event::seq).isSorted().doesNotHaveDuplicates();
		assertThat(received).extracting(event -> event.json().get("update_id").asLong()).isEqualTo(posted);
		assertThat(this.nginx.errorLog()).doesNotContain("[emerg]");
		opened.forEach(SseSubscriber::close);
	}

	@Test
	void pageStaysLiveThroughTheProxyWhileTheInstanceItsSocketIsOnStops() {
		String channel = newChannel();
		try (Browser browser = new Browser(this.nginx.port()).signIn("admin", ADMIN_PASSWORD)) {
			browser.awaitStatus("live", WAIT);
			for (int i = 0; i < 6 && streamsOn(this.second) == 0; i++) {
				// one request more shifts the round robin, whatever a page load takes in requests
				this.nginx.client("admin", ADMIN_PASSWORD).send("GET", "/api/channels", null);
				browser.open("/").awaitStatus("live", WAIT);
			}
			assertThat(streamsOn(this.second)).as("the page's socket reached the second instance").isPositive();
			assertThat(browser.transport()).isEqualTo("websocket");

			this.second.close();
			long id = this.nginx.client("admin", ADMIN_PASSWORD).post(channel, "seen after the stop", "x")
				.json()
				.get("id")
				.asLong();
			browser.awaitUpdate(id, WAIT);
			browser.awaitStatus("live", WAIT);
			browser.screenshot(Path.of("target", "screenshots", "through-nginx.png"));
		}
	}

	private static double streamsOn(Instance instance) {
		return instance.context().getBean(MeterRegistry.class).get("baton.stream.subscribers").gauge().value();
	}

	// round robin alternates; the others stay open, so nginx moves on to the next instance
	private static SseSubscriber openUntilServedBy(BatonClient proxied, String channel, int port,
			List<SseSubscriber> opened) {
		for (int i = 0; i < 6; i++) {
			SseSubscriber sse = proxied.sse("/api/updates/stream?channels=" + channel, null);
			if (sse.headers().firstValue("X-Upstream").orElse("").equals("127.0.0.1:" + port)) {
				return sse;
			}
			opened.add(sse);
		}
		throw new AssertionError("nginx never chose the instance on port " + port);
	}

}
