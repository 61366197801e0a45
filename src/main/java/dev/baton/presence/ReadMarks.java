package dev.baton.presence;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.baton.events.Action;
import dev.baton.events.BackgroundWork;
import dev.baton.events.UpdateEvent;
import dev.baton.events.UpdatesStream;
import dev.baton.updates.Actor;
import dev.baton.updates.Channel;
import dev.baton.updates.Channels;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * How far each person has read each feed channel, kept in PostgreSQL so that it follows them to
 * another browser, and what is unread: the posts by others after it, or, in a channel they have
 * no mark in, those since they were made a user. A page writes its mark when it is opened or comes
 * into view, not once per post; what arrives meanwhile reaches its streams as {@code unread}
 * signals, one per post, for it to count.
 */
@Component
public class ReadMarks extends BackgroundWork {

	/** The most unread posts counted in one channel: a page shows "99+" above 99. */
	static final int MAX_COUNTED = 100;

	private final DatabaseClient db;

	private final Channels channels;

	private final UpdatesStream stream;

	private final Signals signals;

	private final JsonMapper json;

	ReadMarks(DatabaseClient db, Channels channels, UpdatesStream stream, Signals signals, JsonMapper json) {
		this.db = db;
		this.channels = channels;
		this.stream = stream;
		this.signals = signals;
		this.json = json;
	}

	/** The unread posts of each feed channel {@code actor} may read, by channel name. */
	public Mono<Map<String, Long>> unread(Actor actor) {
		return this.channels.readableFeed(actor).flatMap(readable -> {
			String[] names = readable.stream().map(Channel::name).toArray(String[]::new);
			// each channel counted on its own along the (channel, id) index, at most MAX_COUNTED
			Mono<Map<String, Long>> counted = this.db
				.sql("WITH me AS (SELECT coalesce((SELECT id FROM updates WHERE created_at <= users.created_at "
						+ "ORDER BY id DESC LIMIT 1), 0) AS since FROM users WHERE username = :user) "
						+ "SELECT c.channel, (SELECT count(*) FROM (SELECT 1 FROM updates u WHERE u.channel = c.channel "
						+ "AND u.id > coalesce(m.read_up_to, me.since) AND u.author <> :user LIMIT " + MAX_COUNTED + ") capped) AS unread "
						+ "FROM unnest(:channels::varchar[]) AS c (channel) CROSS JOIN me "
						+ "LEFT JOIN read_marks m ON m.username = :user AND m.channel = c.channel")
				.bind("user", actor.name())
				.bind("channels", names)
				.map(row -> Map.entry(row.get("channel", String.class), row.get("unread", Long.class)))
				.all()
				.collectMap(Map.Entry::getKey, Map.Entry::getValue);
			return counted.map(counts -> {
				Map<String, Long> all = new LinkedHashMap<>();
				for (String name : names) {
					all.put(name, counts.getOrDefault(name, 0L));
				}
				return all;
			});
		});
	}

	/**
	 * {@code actor} has read {@code channel} up to update {@code readUpTo}; every feed channel they
	 * may read when null. Marks only move forward.
	 */
	public Mono<Void> mark(Actor actor, String channel, long readUpTo) {
		return this.channels.feedShown(channel, actor).flatMap(names -> names.isEmpty() ? Mono.empty() : this.db
			.sql("INSERT INTO read_marks (username, channel, read_up_to) "
					+ "SELECT :user, channel, :upTo FROM unnest(:channels::varchar[]) AS marked (channel) "
					+ "ON CONFLICT (username, channel) DO UPDATE SET read_up_to = greatest(read_marks.read_up_to, excluded.read_up_to)")
			.bind("user", actor.name())
			.bind("upTo", readUpTo)
			.bind("channels", names.stream().sorted().toArray(String[]::new))
			.then());
	}

	// each post as it enters this instance's stream, to the streams that count what is unread
	@Override
	protected Flux<Signal> work() {
		return this.stream.published()
			.ofType(UpdateEvent.class)
			.filter(event -> event.action() == Action.CREATED && this.channels.isFeed(event.channel()))
			.map(event -> Signal.of(Signal.Kind.UNREAD, event.channel(), event.actor(),
					new UnreadEvent(event.channel(), event.updateId(), event.actor()), this.json))
			.doOnNext(this.signals::emit);
	}

	/** {@code {"type":"unread","channel":"random","update_id":123,"author":"bob"}}: one more post to read. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonPropertyOrder({ "type", "channel", "update_id", "author" })
	record UnreadEvent(String channel, @JsonProperty("update_id") long updateId,
			String author) {

		@JsonProperty("type")
		String type() {
			return Signal.Kind.UNREAD.wireName();
		}

	}

}
