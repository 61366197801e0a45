package dev.baton.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.baton.support.IntegrationTest;
import dev.baton.support.Received.Event;
import dev.baton.support.SseSubscriber;
import dev.baton.support.TestDatabase;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A module publishes with {@code baton.publish} inside its own transaction, over plain JDBC as the
 * database role the operator granted it: delivered once after commit, never after a rollback, in
 * seq order with every other event, without holding the seq lock while it works on.
 */
class SqlPublishIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private String role;

	private String channel;

	@BeforeEach
	void aModuleRoleAndChannel() throws SQLException {
		this.role = "module_" + UUID.randomUUID().toString().substring(0, 8);
		this.channel = newModuleChannel();
		try (Connection owner = TestDatabase.connect(null, null); Statement sql = owner.createStatement()) {
			sql.execute("CREATE ROLE %s LOGIN PASSWORD 'secret'".formatted(this.role));
			// what the README tells the operator to run
			sql.execute("GRANT USAGE ON SCHEMA baton TO " + this.role);
			sql.execute("GRANT EXECUTE ON FUNCTION baton.publish(varchar, varchar, jsonb) TO " + this.role);
		}
	}

	@Test
	void aCommittedTransactionIsDeliveredOnceOnBothTransportsAndOnlyToStreamsNamingTheChannel() throws SQLException {
		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + this.channel, null);
				WsSubscriber ws = client().ws("/ws/updates?channels=" + this.channel);
				SseSubscriber feed = client().sse("/api/updates/stream", null);
				Connection module = module()) {
			publish(module, "order.shipped", "{\"order\": 7, \"items\": [\"a\"]}");
			module.commit();
			String general = newChannel();
			long marker = client().post(general, "after the event", "x").json().get("id").asLong();

			for (Event event : List.of(sse.events().next(WAIT), ws.events().next(WAIT))) {
				JsonNode json = event.json();
				assertThat(json.propertyNames()).containsExactly("type", "seq", "channel", "event", "data", "publisher", "at");
				assertThat(json.get("type").asString()).isEqualTo("channel_event");
				assertThat(json.get("channel").asString()).isEqualTo(this.channel);
				assertThat(json.get("event").asString()).isEqualTo("order.shipped");
				assertThat(json.get("data").toString()).isEqualTo("{\"items\":[\"a\"],\"order\":7}");
				assertThat(json.get("publisher").toString())
					.isEqualTo("{\"kind\":\"database\",\"name\":\"%s\"}".formatted(this.role));
			}
			assertThat(sse.lastEvent()).isEqualTo("channel_event");
			assertThat(sse.events().drain(Duration.ofMillis(500))).isEmpty();
			assertThat(ws.events().drain(Duration.ofMillis(100))).isEmpty();
			// a stream that names no channel reads the feed's: the next it gets is the post after the event
			List<Event> fed = new ArrayList<>();
			do {
				fed.add(feed.events().next(WAIT));
			}
			while (fed.get(fed.size() - 1).json().path("update_id").asLong() != marker);
			assertThat(fed).extracting(Event::type).containsOnly("updates_changed");
		}
	}

	@Test
	void aRolledBackTransactionPublishesNothing() throws SQLException {
		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + this.channel, null);
				Connection module = module()) {
			publish(module, "order.cancelled", "{\"order\": 1}");
			module.rollback();
			publish(module, "order.shipped", "{\"order\": 2}");
			module.commit();

			assertThat(sse.events().next(WAIT).json().get("event").asString()).isEqualTo("order.shipped");
			assertThat(sse.events().drain(Duration.ofMillis(300))).isEmpty();
		}
	}

	// The event is appended when the transaction commits: until then it holds no seq lock, and
	// posts and publishes of others commit meanwhile; the post would wait here if it did.
	@Test
	void aTransactionThatWorksOnAfterPublishingHoldsUpNoOne() throws Exception {
		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + this.channel, null);
				Connection module = module(); Connection other = module()) {
			publish(module, "order.shipped", "{\"order\": 3}");
			assertThat(seqLocksOf(module)).isZero();

			int posted = client().post(newChannel(), "while the module works", "x").status();
			publish(other, "order.packed", "{\"order\": 4}");
			other.commit();
			module.commit();

			assertThat(posted).isEqualTo(201);
			Event packed = sse.events().next(WAIT);
			Event shipped = sse.events().next(WAIT);
			assertThat(packed.json().get("event").asString()).isEqualTo("order.packed");
			assertThat(shipped.json().get("event").asString()).isEqualTo("order.shipped");
			assertThat(shipped.seq()).as("ordered by commit").isGreaterThan(packed.seq());
		}
	}

	@Test
	void concurrentTransactionsArriveInSeqOrderWithNoGap() throws Exception {
		int transactions = 4;
		int each = 25;
		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + this.channel, null)) {
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<Void>> writers = new ArrayList<>();
			for (int t = 0; t < transactions; t++) {
				int writer = t;
				writers.add(CompletableFuture.runAsync(() -> {
					try (Connection module = module()) {
						start.await();
						for (int i = 0; i < each; i++) {
							publish(module, "tick", "{\"writer\": %d, \"i\": %d}".formatted(writer, i));
							if (i % 5 == 4) {
								module.commit();
							}
						}
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}));
			}
			start.countDown();
			CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

			List<Event> events = sse.events().await(transactions * each, WAIT);
			List<Long> seqs = events.stream().map(Event::seq).toList();
			assertThat(seqs).isSorted().doesNotHaveDuplicates();
			long first = seqs.get(0);
			long last = seqs.get(seqs.size() - 1);
			assertThat(this.db.sql("SELECT count(*) AS n FROM update_events WHERE seq BETWEEN :first AND :last")
				.bind("first", first)
				.bind("last", last)
				.map(row -> row.get("n", Long.class))
				.one()
				.block()).as("no seq missing in the log").isEqualTo(last - first + 1);
			for (int t = 0; t < transactions; t++) {
				int writer = t;
				assertThat(events.stream()
					.filter(event -> event.json().get("data").get("writer").asInt() == writer)
					.map(event -> event.json().get("data").get("i").asInt())).as("each writer's in its order").isSorted().hasSize(each);
			}
		}
	}

	@Test
	void badPublishesFailWithTheirOwnSqlStateAndRollBackOnlyTheCaller() throws SQLException {
		String feed = newChannel();
		try (Connection module = module()) {
			assertSqlState(module, "SELECT baton.publish('no-such-channel', 'x', '{}')", "BT404", "Unknown channel");
			assertSqlState(module, "SELECT baton.publish('%s', 'x', '{}')".formatted(feed), "BT409", "is a feed channel");
			assertSqlState(module, "SELECT baton.publish('%s', '1bad name', '{}')".formatted(this.channel), "BT400",
					"Invalid event name");
			assertSqlState(module, "SELECT baton.publish('%s', 'x', NULL)".formatted(this.channel), "BT400", "is NULL");
			long limit = this.db.sql("SELECT max_payload FROM publish_settings").map(row -> row.get(0, Integer.class)).one().block();
			assertSqlState(module, "SELECT baton.publish('%s', 'x', to_jsonb(repeat('a', %d)))".formatted(this.channel, limit),
					"BT413", "more than the limit of " + limit);
			assertSqlState(module, "SELECT baton.publish('%s', 'x', '{not json')".formatted(this.channel), "22P02",
					"invalid input syntax for type json");
		}
		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + this.channel, null);
				Connection module = module()) {
			publish(module, "valid", "{}");
			module.commit();
			assertThat(sse.events().next(WAIT).json().get("event").asString()).isEqualTo("valid");
		}
	}

	// the functions run as Baton's role: a caller's temporary tables must not stand in for its own
	@Test
	void aCallersTemporaryTablesDoNotStandInForBatonsOwn() throws SQLException {
		String feed = newChannel();
		try (Connection module = module(); Statement sql = module.createStatement()) {
			sql.execute("CREATE TEMP TABLE channels (name varchar, kind varchar)");
			sql.execute("INSERT INTO channels VALUES ('%s', 'module'), ('invented', 'module')".formatted(feed));
			sql.execute("CREATE TEMP TABLE publish_settings (max_payload integer)");
			sql.execute("INSERT INTO publish_settings VALUES (1000000000)");
			module.commit();

			assertSqlState(module, "SELECT baton.publish('%s', 'x', '{}')".formatted(feed), "BT409", "is a feed channel");
			assertSqlState(module, "SELECT baton.publish('invented', 'x', '{}')", "BT404", "Unknown channel");
		}
	}

	@Test
	void aRoleWithoutTheGrantCannotPublishNorAppendDirectly() throws SQLException {
		String stranger = "stranger_" + UUID.randomUUID().toString().substring(0, 8);
		try (Connection owner = TestDatabase.connect(null, null); Statement sql = owner.createStatement()) {
			sql.execute("CREATE ROLE %s LOGIN PASSWORD 'secret'".formatted(stranger));
			sql.execute("GRANT USAGE ON SCHEMA baton TO " + stranger);
		}
		try (Connection connection = TestDatabase.connect(stranger, "secret")) {
			connection.setAutoCommit(false);
			assertSqlState(connection, "SELECT baton.publish('%s', 'x', '{}')".formatted(this.channel), "42501",
					"permission denied for function publish");
		}
		try (Connection module = module()) {
			assertSqlState(module, "SELECT baton.append_event(NULL, '%s', 'published', 'x', 'database', 'x', '{}')"
				.formatted(this.channel), "42501", "permission denied for function append_event");
		}
	}

	private Connection module() throws SQLException {
		Connection connection = TestDatabase.connect(this.role, "secret");
		connection.setAutoCommit(false);
		return connection;
	}

	private void publish(Connection module, String name, String data) throws SQLException {
		try (var statement = module.prepareStatement("SELECT baton.publish(?, ?, ?::jsonb)")) {
			statement.setString(1, this.channel);
			statement.setString(2, name);
			statement.setString(3, data);
			statement.execute();
		}
	}

	// the locks this session holds on the row that orders the log
	private static long seqLocksOf(Connection connection) throws SQLException {
		try (Statement sql = connection.createStatement(); var rows = sql.executeQuery(
				"SELECT count(*) FROM pg_locks WHERE relation = 'event_seq'::regclass AND pid = pg_backend_pid()")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static void assertSqlState(Connection connection, String statement, String state, String message)
			throws SQLException {
		try (Statement sql = connection.createStatement()) {
			assertThatThrownBy(() -> sql.execute(statement)).isInstanceOfSatisfying(SQLException.class, failed -> {
				assertThat(failed.getSQLState()).isEqualTo(state);
				assertThat(failed.getMessage()).contains(message);
			});
		}
		connection.rollback();
	}

}
