package dev.baton.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on loopback standing for the network between two parties (a browser and Baton, or
 * Baton and PostgreSQL): it can drop every connection and refuse new ones ({@link #cut()}), make
 * open connections half-open ({@link #freeze()}), and act like a proxy that strips WebSocket
 * upgrades ({@link #refuseWebSockets(boolean)}).
 */
public final class TcpProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int target;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final Set<Socket> frozen = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	private volatile boolean refuseWebSockets;

	public TcpProxy(int target) throws IOException {
		this.target = target;
		this.server = new ServerSocket();
		this.server.bind(new InetSocketAddress("127.0.0.1", 0));
		Thread acceptor = new Thread(this::accept, "tcp-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** Drops every open connection and refuses new ones until {@link #restore()}. */
	public void cut() {
		this.cut = true;
		this.sockets.forEach(TcpProxy::closeQuietly);
	}

	/**
	 * Makes every open connection half-open: both ends stay connected and writes succeed, but
	 * nothing is delivered any more. New connections work.
	 */
	public void freeze() {
		this.frozen.addAll(this.sockets);
	}

	public void restore() {
		this.cut = false;
	}

	/** Answers WebSocket upgrade requests with 403 and passes everything else. */
	public void refuseWebSockets(boolean refuse) {
		this.refuseWebSockets = refuse;
	}

	@Override
	public void close() {
		cut();
		closeQuietly(this.server);
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (this.cut) {
					client.setSoLinger(true, 0);
					client.close();
					continue;
				}
				Thread connection = new Thread(() -> relay(client), "tcp-proxy-connection");
				connection.setDaemon(true);
				connection.start();
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void relay(Socket client) {
		try {
			InputStream fromClient = client.getInputStream();
			byte[] first = new byte[16384];
			int read = fromClient.read(first);
			if (read <= 0) {
				client.close();
				return;
			}
			if (this.refuseWebSockets && new String(first, 0, read, StandardCharsets.ISO_8859_1).toLowerCase().contains("upgrade: websocket")) {
				client.getOutputStream().write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
				client.close();
				return;
			}
			Socket upstream = new Socket("127.0.0.1", this.target);
			this.sockets.add(client);
			this.sockets.add(upstream);
			upstream.getOutputStream().write(first, 0, read);
			Thread back = new Thread(() -> pump(upstream, client), "tcp-proxy-back");
			back.setDaemon(true);
			back.start();
			pump(client, upstream);
		}
		catch (IOException ex) {
			closeQuietly(client);
		}
	}

	private void pump(Socket from, Socket to) {
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			byte[] buffer = new byte[16384];
			int read;
			while ((read = in.read(buffer)) >= 0) {
				if (!this.frozen.contains(from)) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
		}
		catch (IOException ex) {
			// one side went away
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.sockets.remove(from);
			this.sockets.remove(to);
		}
	}

	private static void closeQuietly(java.io.Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
