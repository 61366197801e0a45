package dev.baton.presence;

import java.util.LinkedHashMap;
import java.util.List;
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
			Mono<Map<String, Long>> counted = this.db
				.sql("SELECT u.channel, count(*) AS unread FROM updates u "
						+ "LEFT JOIN read_marks m ON m.username = :user AND m.channel = u.channel "
						+ "WHERE u.channel = ANY(:channels) AND u.author <> :user AND CASE WHEN m.read_up_to IS NULL "
						+ "THEN u.created_at > (SELECT created_at FROM users WHERE username = :user) "
						+ "ELSE u.id > m.read_up_to END GROUP BY u.channel")
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
		Mono<List<String>> marked = (channel != null)
				? this.channels.requireReadable(channel, actor).map(found -> List.of(found.name()))
				: this.channels.readableFeed(actor).map(readable -> readable.stream().map(Channel::name).toList());
		return marked.flatMap(names -> names.isEmpty() ? Mono.empty() : this.db
			.sql("INSERT INTO read_marks (username, channel, read_up_to) "
					+ "SELECT :user, channel, :upTo FROM unnest(:channels::varchar[]) AS marked (channel) ORDER BY channel "
					+ "ON CONFLICT (username, channel) DO UPDATE SET read_up_to = greatest(read_marks.read_up_to, excluded.read_up_to)")
			.bind("user", actor.name())
			.bind("upTo", readUpTo)
			.bind("channels", names.toArray(String[]::new))
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
