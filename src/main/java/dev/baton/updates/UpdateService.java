package dev.baton.updates;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import dev.baton.database.DatabaseProperties;
import dev.baton.events.Action;
import dev.baton.events.EventLog;
import dev.baton.limits.PostingLimits;
import dev.baton.problems.Problem;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.springframework.data.relational.core.query.Criteria.where;

/**
 * Writes updates. Every write and its event-log entry commit in one transaction; the event
 * reaches subscribers through the log, never directly from here. The REST API, the page and
 * WebSocket commands all write through here.
 */
@Service
public class UpdateService {

	private static final String KEYED = """
			SELECT u.*, coalesce((SELECT e.seq FROM update_events e
			                      WHERE e.update_id = u.id AND e.action = 'created'), 0) AS created_seq
			FROM updates u
			WHERE u.author = :author AND u.idempotency_key = :key
			  AND u.created_at > now() - make_interval(secs => :lifetime)""";

	private static final String RELEASE = """
			UPDATE updates SET idempotency_key = NULL
			WHERE author = :author AND idempotency_key = :key AND created_at <= now() - make_interval(secs => :lifetime)""";

	private final R2dbcEntityTemplate db;

	private final Channels channels;

	private final EventLog events;

	private final PostingLimits postingLimits;

	private final TransactionalOperator transactions;

	private final PostCounts posts;

	private final Duration timeout;

	UpdateService(R2dbcEntityTemplate db, Channels channels, EventLog events, PostingLimits postingLimits,
			TransactionalOperator transactions, DatabaseProperties database, PostCounts posts) {
		this.db = db;
		this.transactions = transactions;
		this.channels = channels;
		this.events = events;
		this.postingLimits = postingLimits;
		this.timeout = database.timeout();
		this.posts = posts;
	}

	/**
	 * Creates an update, within the author's posting rate.
	 * @param idempotencyKey the client's name for this request, or {@code null}: a key the author
	 * used for a post in the last {@link IdempotencyKeys#LIFETIME} answers with that post and its created
	 * event, and creates nothing; one that names a post with other content is a 409
	 * @param path where the post came from, for the {@code baton.posts} metric
	 */
	// Not @Transactional: a concurrent repeat of the key fails the insert, and the post that
	// won is read after that transaction rolled back.
	public Mono<Written> create(NewUpdate request, String idempotencyKey, Actor author, PostPath path) {
		return keyed(idempotencyKey, author).switchIfEmpty(Mono.defer(() -> insert(request, idempotencyKey, author)))
			.onErrorResume(DuplicateKeyException.class, taken -> keyed(idempotencyKey, author)
				.switchIfEmpty(Mono.defer(() -> release(idempotencyKey, author).then(insert(request, idempotencyKey, author)))))
			.filter(written -> written.update().sameAs(request))
			.switchIfEmpty(Mono.error(() -> new Problem(HttpStatus.CONFLICT,
					"Idempotency key '%s' already names another post".formatted(idempotencyKey))))
			.timeout(this.timeout)
			.doOnSuccess(written -> this.posts.created(path))
			.doOnError(failure -> this.posts.refused(path, failure));
	}

	/** Edits an update, within the actor's rate of edits and deletes. */
	@Transactional
	public Mono<Written> edit(long id, UpdateChanges changes, Actor actor) {
		return Mono.justOrEmpty(changes.nothingToChange())
			.flatMap(Mono::<Void>error)
			.then(this.postingLimits.acquireChange(actor.name()))
			.then(findChangeable(id, actor))
			.map(update -> update.edit(changes, now()))
			.flatMap(this.db::update)
			.flatMap(update -> record(update, Action.EDITED, actor))
			.timeout(this.timeout);
	}

	/** Deletes an update, within the actor's rate of edits and deletes; the answer is the update as it was. */
	@Transactional
	public Mono<Written> delete(long id, Actor actor) {
		return this.postingLimits.acquireChange(actor.name())
			.then(findChangeable(id, actor))
			.flatMap(update -> this.db.delete(update).then(record(update, Action.DELETED, actor)))
			.timeout(this.timeout);
	}

	public Mono<Update> find(long id) {
		return this.db.selectOne(Query.query(where("id").is(id)), Update.class)
			.switchIfEmpty(Mono.error(() -> new UpdateNotFoundException(id)));
	}

	/**
	 * Newest first, older than {@code before} when given, in {@code channels}: those a view shows
	 * its reader ({@link Channels#feedShown}).
	 */
	public Flux<Update> page(Set<String> channels, Long before, int limit) {
		if (channels.isEmpty()) {
			return Flux.empty();
		}
		Criteria criteria = where("channel").in(channels);
		if (before != null) {
			criteria = criteria.and("id").lessThan(before);
		}
		return this.db.select(Query.query(criteria).sort(Sort.by(Sort.Order.desc("id"))).limit(limit), Update.class);
	}

	/** The update {@code id}, if {@code actor} may change it; otherwise a 404 or 403 problem. */
	public Mono<Update> findChangeable(long id, Actor actor) {
		return find(id).filter(actor::mayChange)
			.switchIfEmpty(Mono.error(() -> new ForbiddenException("Only its author or an admin may change update " + id)));
	}

	private Mono<Written> insert(NewUpdate request, String idempotencyKey, Actor author) {
		return this.postingLimits.acquire(author.name())
			.then(this.channels.require(request.channel()))
			.flatMap(channel -> channel.feed() ? Mono.just(channel) : Mono.error(new Problem(HttpStatus.BAD_REQUEST,
					"Channel '%s' is a module channel: it takes published events, not posts".formatted(channel.name()))))
			.flatMap(channel -> this.channels.mayPublish(author, channel) ? Mono.just(channel)
					: Mono.error(new ForbiddenException((channel.adminOnly() ? "Only admins post to '%s'"
							: "You may not post to '%s'").formatted(channel.name()))))
			.then(Mono.defer(() -> this.db.insert(Update.create(request, idempotencyKey, author.name(), now()))))
			.flatMap(update -> record(update, Action.CREATED, author))
			.as(this.transactions::transactional);
	}

	// the post the author made with this key within its lifetime, with the seq of its created event
	private Mono<Written> keyed(String idempotencyKey, Actor author) {
		return (idempotencyKey == null) ? Mono.empty() : this.db.getDatabaseClient()
			.sql(KEYED)
			.bind("author", author.name())
			.bind("key", idempotencyKey)
			.bind("lifetime", (double) IdempotencyKeys.LIFETIME.toSeconds())
			.map((row, metadata) -> new Written(this.db.getConverter().read(Update.class, row, metadata),
					row.get("created_seq", Long.class)))
			.one();
	}

	// an expired key is free again: the post keeps its content, not its key
	private Mono<Void> release(String idempotencyKey, Actor author) {
		return this.db.getDatabaseClient()
			.sql(RELEASE)
			.bind("author", author.name())
			.bind("key", idempotencyKey)
			.bind("lifetime", (double) IdempotencyKeys.LIFETIME.toSeconds())
			.then();
	}

	private Mono<Written> record(Update update, Action action, Actor actor) {
		return this.events.append(update.id(), update.channel(), action, actor.name())
			.map(event -> new Written(update, event.seq()));
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

}
