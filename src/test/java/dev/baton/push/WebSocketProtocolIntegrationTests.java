package dev.baton.push;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.baton.support.IntegrationTest;
import dev.baton.support.StalledWebSocket;
import dev.baton.support.WsSubscriber;
import dev.baton.support.WsSubscriber.Close;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

// raw sockets answer no server ping: a long heartbeat keeps the watchdog (4000) out of their tests
@TestPropertySource(properties = "baton.stream.heartbeat=60s")
class WebSocketProtocolIntegrationTests extends IntegrationTest {

	private static final long FLOOD_BYTES = 48L << 20;

	private static final int PINGS_PER_WRITE = 100;

	private static final byte[] PING_COMMAND = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);

	private String channel;

	private WsSubscriber bystander;

	@BeforeEach
	void openBystander() {
		this.channel = newChannel();
		this.bystander = client().ws("/ws/updates?channels=" + this.channel);
	}

	@AfterEach
	void bystanderStillReceives() {
		client().post(this.channel, "still here", "x");
		assertThat(this.bystander.events().next(Duration.ofSeconds(10)).json().get("channel").asString()).isEqualTo(this.channel);
		assertThat(this.bystander.closed()).isNotDone();
		this.bystander.close();
	}

	@Test
	void malformedJsonClosesWith1007() throws Exception {
		assertClosedAfter(ws -> ws.socket().sendText("{not json", true), 1007, "not valid JSON");
	}

	@Test
	void binaryFrameClosesWith1003() throws Exception {
		assertClosedAfter(ws -> ws.socket().sendBinary(ByteBuffer.wrap(new byte[] { 1, 2, 3 }), true), 1003, "binary");
	}

	@Test
	void unknownMessageTypeGetsAnErrorAndTheSessionStaysOpen() throws Exception {
		try (WsSubscriber ws = client().ws("/ws/updates?channels=" + this.channel)) {
			ws.socket().sendText("{\"type\":\"subscribe\",\"ref\":\"s1\"}", true).get(5, TimeUnit.SECONDS);
			JsonNode error = ws.events().next(Duration.ofSeconds(10)).json();
			assertThat(error.get("type").asString()).isEqualTo("error");
			assertThat(error.get("ref").asString()).isEqualTo("s1");
			assertThat(error.get("status").asInt()).isEqualTo(400);
			assertThat(error.get("detail").asString()).isEqualTo("type must be post, edit, delete, publish, typing or ping");
			client().post(this.channel, "after an unknown type", "x");
			assertThat(ws.events().next(Duration.ofSeconds(10)).type()).isEqualTo("updates_changed");
			assertThat(ws.closed()).isNotDone();
		}
	}

	@Test
	void unmaskedFrameClosesWith1002Once() throws Exception {
		assertOneCloseAfter(raw -> raw.sendUnmasked(0x81, PING_COMMAND), 1002, "not masked");
	}

	@Test
	void reservedBitWithoutAnExtensionClosesWith1002Once() throws Exception {
		// FIN, RSV1 and the text opcode: RSV1 means compressed, and no extension was negotiated
		assertOneCloseAfter(raw -> raw.sendFrame(0xC1, PING_COMMAND), 1002, "RSV");
	}

	@Test
	void textThatIsNotUtf8ClosesWith1007Once() throws Exception {
		assertOneCloseAfter(raw -> raw.sendFrame(0x81, new byte[] { '"', (byte) 0xC3, '(', '"' }), 1007, "UTF-8");
	}

	@Test
	void rawFrameOver64KilobytesClosesWith1009Once() throws Exception {
		assertOneCloseAfter(raw -> raw.sendFrame(0x81, "x".repeat(70_000).getBytes(StandardCharsets.US_ASCII)), 1009,
				"65536");
	}

	@Test
	void fragmentedMessageOver64KilobytesClosesWith1009Once() throws Exception {
		byte[] half = "x".repeat(40_000).getBytes(StandardCharsets.US_ASCII);
		assertOneCloseAfter(raw -> {
			raw.sendFrame(0x01, half);
			raw.sendFrame(0x80, half);
		}, 1009, "larger than 65536 bytes");
	}

	@Test
	void frameOver64KilobytesClosesWith1009() throws Exception {
		String big = "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
		assertClosedAfter(ws -> ws.socket().sendText(big, true), 1009, "larger than 65536 bytes");
	}

	@Test
	void applicationPingKeepsTheSessionOpen() throws Exception {
		try (WsSubscriber ws = client().ws("/ws/updates?channels=" + this.channel)) {
			ws.socket().sendText("{\"type\":\"ping\"}", true).get(5, TimeUnit.SECONDS);
			client().post(this.channel, "after ping", "x");
			assertThat(ws.events().next(Duration.ofSeconds(10)).type()).isEqualTo("updates_changed");
			assertThat(ws.closed()).isNotDone();
		}
	}

	@Test
	void pingGetsAPongWithItsPayload() throws Exception {
		try (StalledWebSocket raw = StalledWebSocket.open(this.port, "/ws/updates?channels=" + this.channel,
				client().authorization())) {
			raw.sendFrame(0x89, "are you there".getBytes(StandardCharsets.US_ASCII));
			assertThat(new String(raw.nextPong(), StandardCharsets.US_ASCII)).isEqualTo("are you there");
		}
	}

	@Test
	void pingsWhosePongsAreNotReadAreHeldBackByTcpAndAnsweredOnceRead() throws Exception {
		byte[] payload = "p".repeat(125).getBytes(StandardCharsets.US_ASCII);
		byte[] frame = StalledWebSocket.frame(0x89, payload);
		byte[] block = new byte[PINGS_PER_WRITE * frame.length];
		for (int i = 0; i < PINGS_PER_WRITE; i++) {
			System.arraycopy(frame, 0, block, i * frame.length, frame.length);
		}
		long directBefore = usedDirectMemory();
		try (StalledWebSocket raw = StalledWebSocket.open(this.port, "/ws/updates?channels=" + this.channel,
				client().authorization())) {
			AtomicLong pings = new AtomicLong();
			AtomicBoolean stop = new AtomicBoolean();
			CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
				try {
					while (!stop.get() && pings.get() * frame.length < FLOOD_BYTES) {
						raw.sendBytes(block);
						pings.addAndGet(PINGS_PER_WRITE);
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			long held = awaitStall(pings, flood) * frame.length;
			long directHeld = usedDirectMemory();
			stop.set(true);
			System.out.printf("[measure] ping flood without reading: %d KB of pings written before the writes blocked "
					+ "(the limit was %d KB); the server's direct memory grew by %d KB%n", held >> 10, FLOOD_BYTES >> 10,
					(directHeld - directBefore) >> 10);
			assertThat(held).as("bytes of pings written before the server stopped reading").isLessThan(FLOOD_BYTES);

			// reading, the client gets a pong for every ping, with its payload
			long pongs = 0;
			while (!flood.isDone() || pongs < pings.get()) {
				assertThat(raw.nextPong()).isEqualTo(payload);
				pongs++;
			}
			flood.get(10, TimeUnit.SECONDS);
			assertThat(pongs).isEqualTo(pings.get());
		}
	}

	// how many pings were written once the writes stopped moving (or all were)
	private static long awaitStall(AtomicLong pings, CompletableFuture<Void> flood) throws InterruptedException {
		long last = -1;
		while (!flood.isDone() && pings.get() != last) {
			last = pings.get();
			Thread.sleep(300);
		}
		return pings.get();
	}

	private static long usedDirectMemory() {
		return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
	}

	private void assertOneCloseAfter(RawSender sender, int code, String reason) throws Exception {
		try (StalledWebSocket raw = StalledWebSocket.open(this.port, "/ws/updates?channels=" + this.channel,
				client().authorization())) {
			sender.send(raw);
			assertThat(raw.closeFramesToEnd()).singleElement().satisfies(close -> {
				assertThat(close.code()).isEqualTo(code);
				assertThat(close.reason()).contains(reason);
			});
		}
	}

	private void assertClosedAfter(Sender sender, int code, String reason) throws Exception {
		WsSubscriber ws = client().ws("/ws/updates?channels=" + this.channel);
		sender.send(ws).get(5, TimeUnit.SECONDS);
		Close close = ws.closed().get(10, TimeUnit.SECONDS);
		assertThat(close.code()).isEqualTo(code);
		assertThat(close.reason()).contains(reason);
	}

	@FunctionalInterface
	private interface RawSender {

		void send(StalledWebSocket raw) throws Exception;

	}

	@FunctionalInterface
	private interface Sender {

		java.util.concurrent.CompletableFuture<?> send(WsSubscriber ws);

	}

}
