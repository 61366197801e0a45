package dev.baton.push;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.baton.support.BatonClient;
import dev.baton.support.IntegrationTest;
import dev.baton.support.SseSubscriber;
import dev.baton.support.StalledWebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One log line when a stream opens and one when it closes, and no secret in any line. */
@ExtendWith(OutputCaptureExtension.class)
class StreamLogIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@Test
	void sseStreamLogsItsOpeningAndItsClosingWithWhatItSent(CapturedOutput output) {
		BatonClient member = newMember();
		String channel = newChannel();
		long resumeAfter = postAndAwaitSeq(channel);
		try (SseSubscriber sse = member.sse("/api/updates/stream?channels=" + channel + "&lastEventId=" + resumeAfter,
				null)) {
			await().atMost(WAIT).until(() -> output.getOut().contains("Stream opened: transport=sse user=%s channels=%s "
				.formatted(member.username(), channel)));
			member.post(channel, "logged", "x");
			sse.events().next(WAIT);
		}
		await().atMost(WAIT).untilAsserted(() -> assertThat(output.getOut()).containsPattern(
				"Stream closed: transport=sse user=%s channels=%s resume_after=%d duration_ms=\\d+ events_sent=1 close_code=null close_reason=client left"
					.formatted(member.username(), channel, resumeAfter)));
	}

	@Test
	void webSocketCloseLogsItsCodeAndReason(CapturedOutput output) throws Exception {
		BatonClient member = newMember();
		String channel = newChannel();
		try (StalledWebSocket socket = StalledWebSocket.open(this.port, "/ws/updates?channels=" + channel,
				member.authorization())) {
			// it answers no ping: closed after two heartbeats of silence
			assertThat(socket.readToClose().closeCode()).isEqualTo(4000);
		}
		await().atMost(WAIT).untilAsserted(() -> assertThat(output.getOut()).containsPattern(
				"Stream closed: transport=websocket user=%s channels=%s resume_after=none duration_ms=\\d+ events_sent=0 close_code=4000 close_reason=no answer to pings"
					.formatted(member.username(), channel)));
	}

	@Test
	void noPasswordSessionIdOrBasicHeaderIsEverLogged(CapturedOutput output) throws Exception {
		BatonClient member = newMember();
		String cookie = anonymous().signIn(member.username(), member.password());
		String sessionId = cookie.substring(cookie.indexOf('=') + 1);
		assertThat(anonymous().send(HttpRequest.newBuilder(anonymous().uri("http", "/api/updates")).header("Cookie", cookie))
			.status()).isEqualTo(200);
		assertThat(member.send("GET", "/api/updates", null).status()).isEqualTo(200);
		assertThat(anonymous().as(member.username(), "a-wrong-password-here").send("GET", "/api/updates", null).status())
			.isEqualTo(401);
		try (SseSubscriber sse = member.sse("/api/updates/stream", null)) {
			await().atMost(WAIT).until(() -> output.getOut().contains("user=" + member.username()));
		}
		String basic = member.authorization().substring("Basic ".length());
		await().atMost(WAIT).until(() -> output.getOut().contains("Stream closed: transport=sse user=" + member.username()));
		assertThat(output.getAll()).doesNotContain(member.password())
			.doesNotContain("a-wrong-password-here")
			.doesNotContain(sessionId)
			.doesNotContain(basic)
			.doesNotContain(new String(java.util.Base64.getDecoder().decode(basic), StandardCharsets.UTF_8));
	}

}
