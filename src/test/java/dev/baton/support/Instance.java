package dev.baton.support;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.baton.BatonApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/** Another Baton instance in this JVM, on its own port, as a load balancer would see it. */
public final class Instance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private Instance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** Starts an instance on {@code database}, with the test admin password and any extra arguments. */
	public static Instance start(TestDatabase.Settings database, String adminPassword, String... arguments) {
		List<String> all = new ArrayList<>(List.of(arguments));
		// an argument given twice would bind as "a,b": the caller's replaces the default
		Stream.of("--server.port=0", "--spring.r2dbc.url=" + database.r2dbcUrl(),
				"--spring.r2dbc.username=" + database.username(), "--spring.r2dbc.password=" + database.password(),
				"--baton.security.admin-password=" + adminPassword, "--baton.stream.heartbeat=1s",
				"--baton.relay.probe-interval=1s", "--baton.limits.posts-per-minute=100000",
				"--baton.security.sign-in.failures-per-address=100000",
				"--baton.limits.changes-per-minute=100000")
			.filter(fallback -> all.stream().noneMatch(given -> given.startsWith(fallback.substring(0, fallback.indexOf('=') + 1))))
			.forEach(all::add);
		return new Instance(new SpringApplicationBuilder(BatonApplication.class, OwnEventLoops.class)
			.run(all.toArray(String[]::new)));
	}

	public int port() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
	}

	public BatonClient client(String username, String password) {
		return BatonClient.forPort(port()).as(username, password);
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	/**
	 * By default every Reactor Netty server in a JVM shares the global event loops, and the first
	 * instance to stop disposes them for all. Separate processes do not share them; neither do
	 * these instances.
	 */
	@Configuration(proxyBeanMethods = false)
	static class OwnEventLoops {

		@Bean
		ReactorResourceFactory reactorResourceFactory() {
			ReactorResourceFactory factory = new ReactorResourceFactory();
			factory.setUseGlobalResources(false);
			return factory;
		}

	}

	/** Stops the instance as SIGTERM does: graceful shutdown of the whole context. */
	@Override
	public void close() {
		this.context.close();
	}

}
