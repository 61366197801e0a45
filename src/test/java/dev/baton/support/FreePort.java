package dev.baton.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port for a server a test starts in another process. It is taken below the kernel's
 * ephemeral range (32768 and up), which the many client sockets of the tests and of a load
 * generator running beside them use, so that another socket rarely takes it meanwhile.
 */
public final class FreePort {

	private FreePort() {
	}

	public static int find() {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
			try (ServerSocket socket = new ServerSocket(port)) {
				return socket.getLocalPort();
			}
			catch (IOException taken) {
				// try another
			}
		}
		throw new IllegalStateException("no free port between 20000 and 32000");
	}

}
