package dev.baton.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.connection.SingleConnectionFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code update_events} table: the audit trail, the source of every live event and the
 * replay that lets a client resume. Sequence numbers have no gaps and become visible in order.
 */
@Repository
public class EventLog {

	/** The PostgreSQL notification channel announcing new log entries. */
	public static final String NOTIFICATION_CHANNEL = "updates_changed";

	private static final long SEQ_LOCK = 0x626174_6f6eL;

	private static final int PAGE_SIZE = 500;

	// The advisory lock is held until commit, so seq N+1 cannot commit before seq N: a reader
	// that has seen N never later finds a smaller one.
	private static final String APPEND = """
			WITH ev AS (
			    INSERT INTO update_events (seq, update_id, channel, action, actor, at)
			    SELECT coalesce(max(seq), 0) + 1, :updateId, :channel, :action, :actor, clock_timestamp()
			    FROM update_events
			    RETURNING *)
			SELECT ev.*, pg_notify('%s', ev.seq::text) FROM ev""".formatted(NOTIFICATION_CHANNEL);

	private final DatabaseClient db;

	EventLog(DatabaseClient db) {
		this.db = db;
	}

	/** The same log, read through one given connection instead of the pool. */
	EventLog over(Connection connection, ConnectionFactoryMetadata metadata) {
		return new EventLog(DatabaseClient.create(new SingleConnectionFactory(connection, metadata, true)));
	}

	/**
	 * Appends an event and notifies listeners, inside the caller's transaction; the
	 * notification is delivered when that transaction commits.
	 */
	public Mono<UpdateEvent> append(long updateId, String channel, Action action, String actor) {
		return this.db.sql("SELECT pg_advisory_xact_lock(:key)")
			.bind("key", SEQ_LOCK)
			.then()
			.then(this.db.sql(APPEND)
				.bind("updateId", updateId)
				.bind("channel", channel)
				.bind("action", action.wireName())
				.bind("actor", actor)
				.map(EventLog::event)
				.one());
	}

	/** Every event after {@code seq} in order, restricted to {@code channels} unless empty. */
	public Flux<UpdateEvent> after(long seq, Set<String> channels) {
		return page(seq, channels)
			.expand(page -> (page.size() < PAGE_SIZE) ? Mono.empty()
					: page(page.get(page.size() - 1).seq(), channels))
			.flatMapIterable(page -> page);
	}

	/**
	 * Deletes events older than {@code before}, {@code batch} at a time so that no statement
	 * holds its locks for long. The newest event is always kept: it tells where the log ends.
	 * @return how many events were deleted
	 */
	public Mono<Long> prune(Instant before, int batch) {
		Mono<Long> oneBatch = this.db.sql("""
				DELETE FROM update_events WHERE seq IN (
				    SELECT seq FROM update_events
				    WHERE at < :before AND seq < (SELECT max(seq) FROM update_events)
				    ORDER BY seq LIMIT :batch)""")
			.bind("before", before)
			.bind("batch", batch)
			.fetch()
			.rowsUpdated();
		return oneBatch.expand(deleted -> (deleted < batch) ? Mono.empty() : oneBatch).reduce(0L, Long::sum);
	}

	/** The oldest and newest seq still in the log. */
	public Mono<LogBounds> bounds() {
		return this.db.sql("SELECT coalesce(min(seq), 0) AS first, coalesce(max(seq), 0) AS last FROM update_events")
			.map(row -> new LogBounds(row.get("first", Long.class), row.get("last", Long.class)))
			.one();
	}

	private Mono<List<UpdateEvent>> page(long after, Set<String> channels) {
		String filter = channels.isEmpty() ? "" : " AND e.channel = ANY(:channels)";
		// with each event, its update as it is now (gone when deleted since), which a page renders
		DatabaseClient.GenericExecuteSpec spec = this.db
			.sql("SELECT e.*, u.title, u.body, u.author, u.created_at, u.edited_at FROM update_events e "
					+ "LEFT JOIN updates u ON u.id = e.update_id WHERE e.seq > :after" + filter
					+ " ORDER BY e.seq LIMIT :limit")
			.bind("after", after)
			.bind("limit", PAGE_SIZE);
		if (!channels.isEmpty()) {
			spec = spec.bind("channels", channels.toArray(String[]::new));
		}
		return spec.map(row -> event(row).showing(content(row))).all().collectList();
	}

	private static UpdateEvent event(Readable row) {
		return new UpdateEvent(row.get("seq", Long.class), row.get("update_id", Long.class),
				row.get("channel", String.class), Action.fromWireName(row.get("action", String.class)),
				row.get("actor", String.class), row.get("at", Instant.class).truncatedTo(ChronoUnit.MILLIS));
	}

	private static UpdateContent content(Readable row) {
		String title = row.get("title", String.class);
		if (title == null) {
			return null;
		}
		Instant edited = row.get("edited_at", Instant.class);
		return new UpdateContent(title, row.get("body", String.class), row.get("author", String.class),
				row.get("created_at", Instant.class), edited);
	}

	/**
	 * The range of seq the log still holds; {@code first == 0} when it is empty.
	 *
	 * @param first the oldest retained seq
	 * @param last the newest seq
	 */
	public record LogBounds(long first, long last) {

		/** Whether every event after {@code seq} is still in the log. */
		public boolean canResumeAfter(long seq) {
			return seq <= this.last && (this.first == 0 || seq >= this.first - 1);
		}

	}

}
