package dev.baton.updates;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.baton.database.DatabaseProperties;
import dev.baton.events.Action;
import dev.baton.events.EventLog;
import dev.baton.limits.PostingLimits;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static org.springframework.data.relational.core.query.Criteria.where;

/**
 * Writes updates. Every write and its event-log entry commit in one transaction; the event
 * reaches subscribers through the log, never directly from here.
 */
@Service
public class UpdateService {

	private final R2dbcEntityTemplate db;

	private final Channels channels;

	private final EventLog events;

	private final PostingLimits postingLimits;

	private final Duration timeout;

	UpdateService(R2dbcEntityTemplate db, Channels channels, EventLog events, PostingLimits postingLimits,
			DatabaseProperties database) {
		this.db = db;
		this.channels = channels;
		this.events = events;
		this.postingLimits = postingLimits;
		this.timeout = database.timeout();
	}

	/** Creates an update, within the author's posting rate. */
	@Transactional
	public Mono<Update> create(NewUpdate request, Actor author) {
		return this.postingLimits.acquire(author.name())
			.then(this.channels.require(request.channel()))
			.filter(author::mayPostTo)
			.switchIfEmpty(Mono.error(() -> new ForbiddenException(
					"Only admins post to '%s'".formatted(request.channel()))))
			.then(Mono.defer(() -> this.db.insert(Update.create(request, author.name(), now()))))
			.flatMap(update -> record(update, Action.CREATED, author))
			.timeout(this.timeout);
	}

	@Transactional
	public Mono<Update> edit(long id, UpdateChanges changes, Actor actor) {
		return findChangeable(id, actor).map(update -> update.edit(changes, now()))
			.flatMap(this.db::update)
			.flatMap(update -> record(update, Action.EDITED, actor))
			.timeout(this.timeout);
	}

	@Transactional
	public Mono<Void> delete(long id, Actor actor) {
		return findChangeable(id, actor)
			.flatMap(update -> this.db.delete(update).then(record(update, Action.DELETED, actor)))
			.then()
			.timeout(this.timeout);
	}

	public Mono<Update> find(long id) {
		return this.db.selectOne(Query.query(where("id").is(id)), Update.class)
			.switchIfEmpty(Mono.error(() -> new UpdateNotFoundException(id)));
	}

	/** Newest first, older than {@code before} when given, in {@code channel} when given. */
	public Flux<Update> page(String channel, Long before, int limit) {
		Criteria criteria = (before != null) ? where("id").lessThan(before) : Criteria.empty();
		if (channel != null) {
			criteria = criteria.and("channel").is(channel);
		}
		Query query = Query.query(criteria).sort(Sort.by(Sort.Order.desc("id"))).limit(limit);
		return ((channel != null) ? this.channels.require(channel).then() : Mono.<Void>empty())
			.thenMany(this.db.select(query, Update.class));
	}

	private Mono<Update> findChangeable(long id, Actor actor) {
		return find(id).filter(actor::mayChange)
			.switchIfEmpty(Mono.error(() -> new ForbiddenException("Only its author or an admin may change update " + id)));
	}

	private Mono<Update> record(Update update, Action action, Actor actor) {
		return this.events.append(update.id(), update.channel(), action, actor.name()).thenReturn(update);
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

}
