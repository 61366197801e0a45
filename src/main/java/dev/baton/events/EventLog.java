package dev.baton.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

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
 * replay that lets a client resume, for the changes to updates and the events modules publish.
 * Sequence numbers have no gaps and become visible in order.
 */
@Repository
public class EventLog {

	/** The PostgreSQL notification channel announcing new log entries. */
	public static final String NOTIFICATION_CHANNEL = "updates_changed";

	private static final int PAGE_SIZE = 500;

	private static final String PUBLISHED = "published";

	private static final String COLUMNS = "e.seq, e.update_id, e.channel, e.action, e.actor, e.actor_kind, e.name, "
			+ "e.data::text AS data, e.at";

	// baton.append_event takes the seq lock, held until commit, so seq N+1 cannot commit before
	// seq N: a reader that has seen N never later finds a smaller one. Events published through
	// SQL enter by the same function, at their transaction's commit.
	private static final String APPEND = "SELECT " + COLUMNS
			+ " FROM baton.append_event(:updateId, :channel, :action, :actor, 'user', NULL, NULL) e";

	private static final String PUBLISH = "SELECT " + COLUMNS
			+ " FROM baton.append_event(NULL, :channel, 'published', :actor, :kind, :name, CAST(:data AS jsonb)) e";

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
		return this.db.sql(APPEND)
			.bind("updateId", updateId)
			.bind("channel", channel)
			.bind("action", action.wireName())
			.bind("actor", actor)
			.map(row -> (UpdateEvent) event(row))
			.one();
	}

	/**
	 * Appends an event published on a module channel, inside the caller's transaction, as
	 * {@link #append} does; the channel, name and data have been checked.
	 * @param data the payload, JSON text
	 */
	public Mono<ChannelEvent> publish(String channel, String name, String data, ChannelEvent.Publisher publisher) {
		return this.db.sql(PUBLISH)
			.bind("channel", channel)
			.bind("actor", publisher.name())
			.bind("kind", publisher.kind().wireName())
			.bind("name", name)
			.bind("data", data)
			.map(row -> (ChannelEvent) event(row))
			.one();
	}

	/** The event {@code seq}, if the log still holds it. */
	public Mono<LoggedEvent> find(long seq) {
		return this.db.sql("SELECT " + COLUMNS + " FROM update_events e WHERE e.seq = :seq")
			.bind("seq", seq)
			.map(EventLog::event)
			.one();
	}

	/** Every event after {@code seq} that {@code selection} wants, in order. */
	public Flux<LoggedEvent> after(long seq, Selection selection) {
		return page(seq, selection)
			.expand(page -> (page.size() < PAGE_SIZE) ? Mono.empty() : page(page.get(page.size() - 1).seq(), selection))
			.flatMapIterable(page -> page)
			.filter(selection::wants);
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

	// pages of the log, narrowed to the named channels or to the feed's in the query; the
	// permissions of the reader are left to the selection
	private Mono<List<LoggedEvent>> page(long after, Selection selection) {
		String filter = !selection.channels().isEmpty() ? " AND e.channel = ANY(:channels)"
				: selection.feed() ? " AND e.update_id IS NOT NULL" : "";
		// with each update's event, its update as it is now (gone when deleted since), which a page renders
		DatabaseClient.GenericExecuteSpec spec = this.db
			.sql("SELECT " + COLUMNS + ", u.title, u.body, u.author, u.created_at, u.edited_at FROM update_events e "
					+ "LEFT JOIN updates u ON u.id = e.update_id WHERE e.seq > :after" + filter
					+ " ORDER BY e.seq LIMIT :limit")
			.bind("after", after)
			.bind("limit", PAGE_SIZE);
		if (!selection.channels().isEmpty()) {
			spec = spec.bind("channels", selection.channels().toArray(String[]::new));
		}
		return spec.map(row -> {
			LoggedEvent event = event(row);
			return (event instanceof UpdateEvent update) ? update.showing(content(row)) : event;
		}).all().collectList();
	}

	private static LoggedEvent event(Readable row) {
		long seq = row.get("seq", Long.class);
		String channel = row.get("channel", String.class);
		String actor = row.get("actor", String.class);
		Instant at = row.get("at", Instant.class).truncatedTo(ChronoUnit.MILLIS);
		String action = row.get("action", String.class);
		if (PUBLISHED.equals(action)) {
			return new ChannelEvent(seq, channel, row.get("name", String.class), row.get("data", String.class),
					new ChannelEvent.Publisher(ChannelEvent.Kind.fromWireName(row.get("actor_kind", String.class)), actor), at);
		}
		return new UpdateEvent(seq, row.get("update_id", Long.class), channel, Action.fromWireName(action), actor, at);
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
