package dev.baton.support;

import java.util.UUID;

import dev.baton.BatonApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A running Baton on a random port, on the shared test database. Tests isolate themselves by
 * posting to channels of their own ({@link #newChannel()}).
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "baton.stream.heartbeat=1s", "baton.relay.probe-interval=1s",
				"baton.security.admin-password=" + IntegrationTest.ADMIN_PASSWORD, "baton.limits.posts-per-minute=100000",
				"baton.limits.changes-per-minute=100000", "baton.limits.publishes-per-second=100000", "baton.security.sign-in.failures-per-address=100000",
				"baton.presence.grace=1s" })
public abstract class IntegrationTest {

	/** The admin's password on the shared test database (the first context to start creates it). */
	public static final String ADMIN_PASSWORD = "admin-password-for-tests";

	@LocalServerPort
	protected int port;

	@Autowired
	protected DatabaseClient db;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.Settings settings = TestDatabase.settings();
		registry.add("spring.r2dbc.url", settings::r2dbcUrl);
		registry.add("spring.r2dbc.username", settings::username);
		registry.add("spring.r2dbc.password", settings::password);
	}

	/** Creates a channel only this test posts to. */
	protected String newChannel() {
		return newChannel("t-");
	}

	/** Creates a channel only this test posts to, whose name starts with {@code prefix}. */
	protected String newChannel(String prefix) {
		String name = prefix + UUID.randomUUID().toString().substring(0, 8);
		this.db.sql("INSERT INTO channels (name, description) VALUES (:name, 'test')").bind("name", name).then().block();
		return name;
	}

	/** Creates a module channel only this test publishes on. */
	protected String newModuleChannel() {
		String name = "m-" + UUID.randomUUID().toString().substring(0, 8);
		this.db.sql("INSERT INTO channels (name, description, kind) VALUES (:name, 'test', 'module')")
			.bind("name", name)
			.then()
			.block();
		return name;
	}

	/**
	 * Posts to {@code channel} and returns the seq of the event it made (not that of an earlier
	 * post the relay delivers after the subscription started).
	 */
	protected long postAndAwaitSeq(String channel) {
		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + channel, null)) {
			long id = client().post(channel, "resume point", "x").json().get("id").asLong();
			while (true) {
				Received.Event event = sse.events().next(java.time.Duration.ofSeconds(10));
				if (event.json().get("update_id").asLong() == id) {
					return event.seq();
				}
			}
		}
	}

	/** A client signed in as the admin. */
	/**
	 * Terminates every instance's LISTEN connection on the database, as a network fault or a DBA
	 * would; returns how many there were.
	 */
	protected long terminateListeners() {
		return this.db.sql("SELECT count(pg_terminate_backend(pid)) AS killed FROM pg_stat_activity "
				+ "WHERE application_name = 'baton-relay'")
			.map(row -> row.get("killed", Long.class))
			.one()
			.block();
	}

	protected BatonClient client() {
		return anonymous().as("admin", ADMIN_PASSWORD);
	}

	/** A client without credentials. */
	protected BatonClient anonymous() {
		return BatonClient.forPort(this.port);
	}

	/** Creates a member with a unique name and returns a client signed in as that member. */
	protected BatonClient newMember() {
		return newMember("member-");
	}

	/** Creates a member whose unique name starts with {@code prefix}, and returns its client. */
	protected BatonClient newMember(String prefix) {
		String username = prefix + UUID.randomUUID().toString().substring(0, 8);
		String password = "password-of-" + username;
		BatonClient.Response created = client().send("POST", "/api/users",
				"{\"username\":\"%s\",\"password\":\"%s\",\"role\":\"member\"}".formatted(username, password));
		if (created.status() != 201) {
			throw new IllegalStateException("could not create a member: " + created.body());
		}
		return anonymous().as(username, password);
	}

}
