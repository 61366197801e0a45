package dev.baton;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class BatonApplication {

	// Reactor Netty 1.3.6 can leave a keep-alive request unread for good when it arrives before
	// the previous request's operations have ended, as a response completed on a database thread
	// allows (reactor/reactor-netty#4361): the client waits until it times out. Flushing the last
	// packet of each response at once closes that path. Read once, when the HTTP server starts.
	static {
		if (System.getProperty("reactor.netty.http.server.lastFlushWhenNoRead") == null) {
			System.setProperty("reactor.netty.http.server.lastFlushWhenNoRead", "true");
		}
	}

	public static void main(String[] args) {
		SpringApplication.run(BatonApplication.class, args);
	}

}
