package dev.baton.push;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.baton.support.IntegrationTest;
import dev.baton.support.SseSubscriber;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

// the heartbeat is longer than both timeouts: an open stream is not kept open by its writes
@TestPropertySource(properties = { "baton.connection.header-timeout=1s", "baton.connection.idle-timeout=4s",
		"baton.stream.heartbeat=6s" })
class ConnectionTimeoutsIntegrationTests extends IntegrationTest {

	private static final byte[] REQUEST = "GET /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\n\r\n"
		.getBytes(StandardCharsets.US_ASCII);

	@Test
	void connectionThatSendsNothingIsClosedAfterTheHeaderTimeout() throws IOException {
		try (Socket socket = connect()) {
			assertThat(secondsUntilClosed(socket)).isBetween(0.8, 3.0);
		}
	}

	@Test
	void requestWhoseHeadersTrickleInIsClosedAfterTheHeaderTimeout() throws Exception {
		try (Socket socket = connect()) {
			OutputStream out = socket.getOutputStream();
			long start = System.nanoTime();
			// a byte every 300 ms: read, but never a complete request
			for (int i = 0; i < 20 && !closed(socket, Duration.ofMillis(300)); i++) {
				out.write(REQUEST[i]);
				out.flush();
			}
			assertThat((System.nanoTime() - start) / 1e9).isBetween(0.8, 3.0);
		}
	}

	@Test
	void keptAliveConnectionIsServedAgainWithinTheIdleTimeoutAndClosedAfterIt() throws Exception {
		try (Socket socket = connect()) {
			assertThat(exchange(socket)).startsWith("HTTP/1.1 200");
			// longer than the header timeout: between requests only the idle timeout applies
			Thread.sleep(2000);
			assertThat(exchange(socket)).startsWith("HTTP/1.1 200");
			assertThat(secondsUntilClosed(socket)).isBetween(3.0, 6.0);
		}
	}

	@Test
	void openStreamsOutliveBothTimeouts() throws Exception {
		String channel = newChannel();
		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + channel, null);
				WsSubscriber ws = client().ws("/ws/updates?channels=" + channel)) {
			// the socket's first bytes after the upgrade are a frame, not the start of a request
			ws.socket().sendText("{\"type\":\"ping\"}", true).get(5, TimeUnit.SECONDS);
			Thread.sleep(5000);
			client().post(channel, "after the timeouts", "x");
			assertThat(sse.events().next(Duration.ofSeconds(10)).json().get("channel").asString()).isEqualTo(channel);
			assertThat(ws.events().next(Duration.ofSeconds(10)).json().get("channel").asString()).isEqualTo(channel);
			assertThat(sse.ended()).isNotDone();
			assertThat(ws.closed()).isNotDone();
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.port));
		return socket;
	}

	// one request on the connection, and the head of its response, whose small body is read too
	private static String exchange(Socket socket) throws IOException {
		socket.getOutputStream().write(REQUEST);
		socket.getOutputStream().flush();
		socket.setSoTimeout(10_000);
		InputStream in = socket.getInputStream();
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			head.append((char) in.read());
		}
		int length = head.toString()
			.lines()
			.filter(line -> line.toLowerCase().startsWith("content-length:"))
			.map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
			.findFirst()
			.orElseThrow();
		in.readNBytes(length);
		return head.toString();
	}

	private static double secondsUntilClosed(Socket socket) throws IOException {
		long start = System.nanoTime();
		socket.setSoTimeout(10_000);
		assertThat(socket.getInputStream().read()).as("the server's end of the connection").isEqualTo(-1);
		return (System.nanoTime() - start) / 1e9;
	}

	private static boolean closed(Socket socket, Duration wait) throws IOException {
		socket.setSoTimeout((int) wait.toMillis());
		try {
			return socket.getInputStream().read() < 0;
		}
		catch (SocketTimeoutException open) {
			return false;
		}
		catch (java.net.SocketException reset) {
			return true;
		}
	}

}
