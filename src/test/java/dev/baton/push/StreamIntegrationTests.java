package dev.baton.push;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.baton.support.IntegrationTest;
import dev.baton.support.Received.Event;
import dev.baton.support.SseSubscriber;
import dev.baton.support.WsSubscriber;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class StreamIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Autowired
	private MeterRegistry meters;

	@Test
	void sseDeliversTheEventInTheWireFormat() {
		String channel = newChannel();
		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + channel, null)) {
			assertThat(sse.status()).isEqualTo(200);
			assertThat(sse.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
			assertThat(sse.headers().firstValue("Cache-Control")).hasValue("no-cache");
			assertThat(sse.headers().firstValue("X-Accel-Buffering")).hasValue("no");

			long posted = System.nanoTime();
			long id = client().post(channel, "Hello", "World").json().get("id").asLong();
			Event event = sse.events().next(WAIT);

			JsonNode json = event.json();
			assertThat(json.propertyNames()).containsExactly("type", "seq", "update_id", "channel", "action", "actor", "at");
			assertThat(json.get("type").asString()).isEqualTo("updates_changed");
			assertThat(json.get("update_id").asLong()).isEqualTo(id);
			assertThat(json.get("channel").asString()).isEqualTo(channel);
			assertThat(json.get("action").asString()).isEqualTo("created");
			assertThat(json.get("actor").asString()).isEqualTo("admin");
			assertThat(json.get("at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
			assertThat(sse.lastId()).isEqualTo(Long.toString(event.seq()));
			assertThat(sse.lastEvent()).isEqualTo("updates_changed");
			assertThat(sse.retry()).isEqualTo("3000");
			report("POST to SSE receipt", posted, event);
		}
	}

	@Test
	void webSocketDeliversTheSameEventsAsSse() {
		String channel = newChannel();
		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + channel, null);
				WsSubscriber ws = client().ws("/ws/updates?channels=" + channel)) {
			long posted = System.nanoTime();
			long id = client().post(channel, "One", "x").json().get("id").asLong();
			Event overWebSocket = ws.events().next(WAIT);
			report("POST to WebSocket receipt", posted, overWebSocket);
			client().send("PATCH", "/api/updates/" + id, "{\"body\":\"y\"}");
			client().send("DELETE", "/api/updates/" + id, null);

			List<Event> viaWs = ws.events().await(2, WAIT);
			List<Event> viaSse = sse.events().await(3, WAIT);
			assertThat(List.of(overWebSocket.json(), viaWs.get(0).json(), viaWs.get(1).json()))
				.isEqualTo(viaSse.stream().map(Event::json).toList());
			assertThat(viaSse).extracting(event -> event.json().get("action").asString())
				.containsExactly("created", "edited", "deleted");
		}
	}

	// A page asks for each update's item, the same markup as the feed's, with its markup as text;
	// scripts and streams that do not ask keep the lean event.
	@Test
	void streamsThatAskForHtmlGetEachUpdatesRenderedItem() {
		String channel = newChannel();
		try (SseSubscriber sse = client().sse("/api/updates/stream?include=html&channels=" + channel, null);
				WsSubscriber ws = client().ws("/ws/updates?channels=" + channel + "&include=html");
				WsSubscriber lean = client().ws("/ws/updates?channels=" + channel)) {
			long id = client().post(channel, "<script>alert(1)</script>", "First & <b>only</b>").json().get("id").asLong();
			client().send("PATCH", "/api/updates/" + id, "{\"title\":\"Edited\"}");
			List<Event> viaWs = new ArrayList<>(ws.events().await(2, WAIT));
			assertThat(client().send("GET", "/updates/feed?channel=" + channel, null).body()).as("the feed's item")
				.contains(viaWs.get(1).json().get("html").asString());
			client().send("DELETE", "/api/updates/" + id, null);
			viaWs.add(ws.events().next(WAIT));

			List<Event> viaSse = sse.events().await(3, WAIT);
			assertThat(viaWs.stream().map(Event::json).toList()).isEqualTo(viaSse.stream().map(Event::json).toList());
			JsonNode created = viaWs.get(0).json();
			assertThat(created.propertyNames()).containsExactly("type", "seq", "update_id", "channel", "action", "actor", "at", "html");
			assertThat(created.get("html").asString()).startsWith("<li class=\"update\" data-update-id=\"" + id + "\" data-author=\"admin\"")
				.contains("&lt;script&gt;alert(1)&lt;/script&gt;", "First &amp; &lt;b&gt;only&lt;/b&gt;")
				.doesNotContain("<script>", "<b>", "<form");
			assertThat(viaWs.get(1).json().get("html").asString()).contains("<h3>Edited</h3>", "edited");
			assertThat(viaWs.get(2).json().has("html")).as("a deleted update has no item").isFalse();
			assertThat(lean.events().await(3, WAIT)).allSatisfy(event -> assertThat(event.json().has("html")).isFalse());
		}
	}

	@Test
	void anIncludeOtherThanHtmlIsRefused() {
		try (SseSubscriber sse = client().sse("/api/updates/stream?include=bodies", null)) {
			assertThat(sse.status()).isEqualTo(400);
		}
		assertRejected(client().send("GET", "/ws/updates?include=html,bodies", null), "include");
	}

	@Test
	void subscribersReceiveOnlyTheirChannelsOrAllWithoutAFilter() {
		String mine = newChannel();
		String other = newChannel();
		try (WsSubscriber filtered = client().ws("/ws/updates?channels=" + mine);
				SseSubscriber everything = client().sse("/api/updates/stream", null)) {
			client().post(other, "Not for the filtered one", "x");
			client().post(mine, "For both", "x");

			assertThat(filtered.events().next(WAIT).json().get("channel").asString()).isEqualTo(mine);
			List<Event> all = everything.events().await(2, WAIT);
			assertThat(all).extracting(event -> event.json().get("channel").asString()).containsExactly(other, mine);
			assertThat(filtered.events().drain(Duration.ofMillis(300))).isEmpty();
		}
	}

	@Test
	void idleStreamsCarryHeartbeats() {
		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + newChannel(), null);
				WsSubscriber ws = client().ws("/ws/updates?channels=" + newChannel())) {
			await().atMost(WAIT).untilAsserted(() -> {
				assertThat(sse.comments()).isGreaterThanOrEqualTo(2);
				assertThat(ws.pings()).isGreaterThanOrEqualTo(2);
			});
			// the JDK client answers pings, so the server keeps it
			assertThat(ws.closed()).isNotDone();
		}
	}

	@Test
	void sseResumesAfterLastEventIdHeaderWithNoGapAndNoDuplicate() {
		String channel = newChannel();
		long first = postAndAwaitSeq(channel);
		client().post(channel, "missed 1", "x");
		client().post(channel, "missed 2", "x");

		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + channel, Long.toString(first))) {
			List<Event> replayed = sse.events().await(2, WAIT);
			client().post(channel, "live", "x");
			Event live = sse.events().next(WAIT);

			assertThat(seqs(replayed, live)).isSorted().doesNotHaveDuplicates().allMatch(seq -> seq > first);
			assertThat(sse.events().drain(Duration.ofMillis(300))).isEmpty();
		}
	}

	@Test
	void sseResumesFromTheLastEventIdParameterAndWebSocketFromSince() {
		String channel = newChannel();
		long first = postAndAwaitSeq(channel);
		client().post(channel, "missed", "x");

		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + channel + "&lastEventId=" + first, null);
				WsSubscriber ws = client().ws("/ws/updates?channels=" + channel + "&since=" + first)) {
			Event viaSse = sse.events().next(WAIT);
			Event viaWs = ws.events().next(WAIT);
			assertThat(viaSse.json()).isEqualTo(viaWs.json());
			assertThat(viaSse.seq()).isGreaterThan(first);
			assertThat(viaSse.json().get("type").asString()).isEqualTo("updates_changed");
		}
	}

	@Test
	void resumePointAheadOfTheLogGetsResync() {
		long newest = postAndAwaitSeq(newChannel());
		try (SseSubscriber sse = client().sse("/api/updates/stream", "999999999999")) {
			Event resync = sse.events().next(WAIT);
			assertThat(resync.type()).isEqualTo("resync");
			assertThat(sse.lastEvent()).isEqualTo("resync");
			// the log's end: the client refetches, then continues after it
			assertThat(resync.seq()).isEqualTo(newest);
		}
	}

	@Test
	void badResumePointsAndUnknownChannelsAreRejectedBeforeStreaming() {
		assertRejected(client().send("GET", "/api/updates/stream?lastEventId=abc", null), "lastEventId");
		assertRejected(client().send(java.net.http.HttpRequest.newBuilder(client().uri("http", "/api/updates/stream"))
			.header("Last-Event-ID", "-5")), "Last-Event-ID");
		assertRejected(client().send("GET", "/ws/updates?since=1.5", null), "since");
		assertRejected(client().send("GET", "/api/updates/stream?channels=general,nope", null), "Unknown channel 'nope'");
		assertRejected(client().send("GET", "/ws/updates?channels=nope", null), "Unknown channel 'nope'");
	}

	@Test
	void aRequestForTheSocketThatIsNotAHandshakeGetsAProblem() {
		dev.baton.support.BatonClient.Response refused = client().send("GET", "/ws/updates", null);

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refused.json().get("title").asString()).isEqualTo("Not a WebSocket handshake");
	}

	@Test
	void resumePointsOfDigitsOtherThanAsciiAreRejected() {
		// U+0663, the Arabic-Indic digit three, is a digit to Character.isDigit and to Long.parseLong
		try (SseSubscriber sse = client().sse("/api/updates/stream?lastEventId=%D9%A3", null)) {
			assertThat(sse.status()).as("a stream would not end").isEqualTo(400);
		}
		assertRejected(client().send("GET", "/ws/updates?since=%D9%A3", null), "since");
		assertRejected(client().send("GET", "/ws/updates?since=%EF%BC%91", null), "since");
	}

	@Test
	void anOriginThatIsNotAUriIsRefusedLikeAnyOtherOrigin(CapturedOutput output) {
		String origin = "http://127.0.0.1:" + this.port + ".evil.com";
		dev.baton.support.BatonClient.Response refused = client()
			.send(java.net.http.HttpRequest.newBuilder(client().uri("http", "/ws/updates")).header("Origin", origin));

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(refused.json().get("detail").asString()).isEqualTo("Origin '%s' may not open this WebSocket".formatted(origin));
		assertThat(output).doesNotContain("\tat ", "IllegalArgumentException");
	}

	@Test
	void streamKeepsWorkingAfterEverySubscriberHasLeft() {
		String channel = newChannel();
		try (SseSubscriber first = client().sse("/api/updates/stream?channels=" + channel, null)) {
			client().post(channel, "one", "x");
			first.events().next(WAIT);
		}
		await().atMost(WAIT).until(() -> this.meters.get("baton.stream.subscribers").gauge().value() == 0);
		client().post(channel, "nobody listens", "x");

		try (WsSubscriber second = client().ws("/ws/updates?channels=" + channel)) {
			client().post(channel, "two", "x");
			assertThat(second.events().next(WAIT).json().get("channel").asString()).isEqualTo(channel);
		}
	}

	private static List<Long> seqs(List<Event> events, Event last) {
		return java.util.stream.Stream.concat(events.stream(), java.util.stream.Stream.of(last)).map(Event::seq).toList();
	}

	private static void assertRejected(dev.baton.support.BatonClient.Response response, String detail) {
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains(detail);
	}

	private static void report(String what, long postedAt, Event event) {
		// a figure for the reader of the build log; receiving within WAIT at all is the assertion
		System.out.printf("[measure] %s: %.1f ms%n", what, (event.receivedAt() - postedAt) / 1e6);
	}

}
