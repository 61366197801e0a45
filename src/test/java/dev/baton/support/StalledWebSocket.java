package dev.baton.support;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A WebSocket peer that stops reading after the handshake, with a tiny receive window: the
 * slowest subscriber there can be. {@link #readToClose()} later reads what the server sent.
 */
public final class StalledWebSocket implements AutoCloseable {

	private final Socket socket;

	private final DataInputStream in;

	private StalledWebSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(socket.getInputStream());
	}

	/** Connects and completes the handshake, then reads nothing. */
	public static StalledWebSocket open(int port, String path, String authorization) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(2048);
		socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
		String key = Base64.getEncoder().encodeToString("baton-stalled-key".getBytes(StandardCharsets.US_ASCII));
		OutputStream out = socket.getOutputStream();
		out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
				+ "Connection: Upgrade\r\nAuthorization: " + authorization + "\r\nSec-WebSocket-Key: " + key
				+ "\r\nSec-WebSocket-Version: 13\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		StalledWebSocket ws = new StalledWebSocket(socket);
		String status = ws.headers();
		if (!status.startsWith("HTTP/1.1 101")) {
			throw new IOException("handshake refused: " + status);
		}
		return ws;
	}

	/** Reads every frame up to the server's close frame: the text messages, then the close code. */
	public Result readToClose() throws IOException {
		List<JsonNode> messages = new ArrayList<>();
		while (true) {
			int opcode = this.in.readUnsignedByte() & 0x0F;
			byte[] payload = payload();
			if (opcode == 0x1) {
				messages.add(BatonClient.JSON.readTree(new String(payload, StandardCharsets.UTF_8)));
			}
			else if (opcode == 0x8) {
				int code = (payload.length >= 2) ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
				return new Result(messages, code);
			}
		}
	}

	/**
	 * Reads every frame until the server ends the connection, and returns the close frames among
	 * them: exactly one, from a server that closes as RFC 6455 asks.
	 */
	public List<Close> closeFramesToEnd() throws IOException {
		this.socket.setSoTimeout(10_000);
		List<Close> closes = new ArrayList<>();
		try {
			while (true) {
				int first = this.in.read();
				if (first < 0) {
					return closes;
				}
				byte[] payload = payload();
				if ((first & 0x0F) == 0x8) {
					closes.add(Close.of(payload));
				}
			}
		}
		catch (EOFException | java.net.SocketException ended) {
			return closes;
		}
	}

	/** Writes one masked text frame, as a client must, in a single write. */
	public void sendText(byte[] payload) throws IOException {
		sendFrame(0x81, payload);
	}

	/** Writes one masked frame: {@code first} is the FIN bit and the opcode. */
	public void sendFrame(int first, byte[] payload) throws IOException {
		sendBytes(frame(first, payload));
	}

	/** Writes {@code bytes} as they are, such as many {@link #frame frames} at once. */
	public void sendBytes(byte[] bytes) throws IOException {
		this.socket.getOutputStream().write(bytes);
		this.socket.getOutputStream().flush();
	}

	/** One masked frame, as a client sends it: {@code first} is the FIN bit and the opcode. */
	public static byte[] frame(int first, byte[] payload) {
		java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream(payload.length + 14);
		frame.write(first);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else if (payload.length < 65536) {
			frame.write(0x80 | 126);
			frame.write(payload.length >> 8);
			frame.write(payload.length & 0xFF);
		}
		else {
			frame.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) (((long) payload.length >> shift) & 0xFF));
			}
		}
		byte[] mask = { 1, 2, 3, 4 };
		frame.writeBytes(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		return frame.toByteArray();
	}

	/** Reads frames up to the next pong, and returns its payload. */
	public byte[] nextPong() throws IOException {
		this.socket.setSoTimeout(10_000);
		while (true) {
			int opcode = this.in.readUnsignedByte() & 0x0F;
			byte[] payload = payload();
			if (opcode == 0xA) {
				return payload;
			}
		}
	}

	/** Writes one short frame without the mask that a client must apply: a protocol error. */
	public void sendUnmasked(int first, byte[] payload) throws IOException {
		if (payload.length >= 126) {
			throw new IllegalArgumentException("payload of " + payload.length + " bytes: short frames only");
		}
		this.socket.getOutputStream().write(first);
		this.socket.getOutputStream().write(payload.length);
		this.socket.getOutputStream().write(payload);
		this.socket.getOutputStream().flush();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	private byte[] payload() throws IOException {
		long length = this.in.readUnsignedByte() & 0x7F;
		if (length == 126) {
			length = this.in.readUnsignedShort();
		}
		else if (length == 127) {
			length = this.in.readLong();
		}
		byte[] payload = new byte[Math.toIntExact(length)];
		this.in.readFully(payload);
		return payload;
	}

	private String headers() throws IOException {
		StringBuilder headers = new StringBuilder();
		while (!headers.toString().endsWith("\r\n\r\n")) {
			int b = this.in.read();
			if (b < 0) {
				throw new EOFException("connection closed during handshake: " + headers);
			}
			headers.append((char) b);
		}
		return headers.toString();
	}

	/**
	 * What a stalled peer finally read.
	 *
	 * @param messages the JSON text messages, in order
	 * @param closeCode the code of the server's close frame
	 */
	public record Result(List<JsonNode> messages, int closeCode) {
	}

	/**
	 * One close frame.
	 *
	 * @param code its status code, 1005 when it had none
	 * @param reason its reason, empty when it had none
	 */
	public record Close(int code, String reason) {

		static Close of(byte[] payload) {
			return (payload.length < 2) ? new Close(1005, "")
					: new Close(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF),
							new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
		}

	}

}
