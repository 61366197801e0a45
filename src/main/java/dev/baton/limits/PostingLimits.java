package dev.baton.limits;

import dev.baton.problems.Problem;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * At most {@code baton.limits.posts-per-minute} new updates, and apart from them at most
 * {@code baton.limits.changes-per-minute} edits and deletes, per user in any sliding minute,
 * across every instance on the database; more get 429 with Retry-After. The count is of the
 * user's events in the event log ({@code created}, or {@code edited} and {@code deleted}), so it
 * needs no state of its own and survives restarts.
 */
@Component
public class PostingLimits {

	// Two-key advisory locks are a key space apart from the event log's one-key seq lock.
	private static final int USER_LOCK = 0x706f7374;

	// The limit-th newest post in the window, if there is one: until it leaves the window the
	// user is at the limit. The partial index on (actor, at) bounds the scan by the limit.
	private static final String OLDEST_POST = """
			SELECT ceil(extract(epoch FROM at + interval '1 minute' - clock_timestamp()))::int AS wait
			FROM update_events
			WHERE actor = :user AND action = 'created' AND at > clock_timestamp() - interval '1 minute'
			ORDER BY at DESC OFFSET :skip LIMIT 1""";

	// The same for edits and deletes, with a partial index of their own.
	private static final String OLDEST_CHANGE = """
			SELECT ceil(extract(epoch FROM at + interval '1 minute' - clock_timestamp()))::int AS wait
			FROM update_events
			WHERE actor = :user AND action IN ('edited', 'deleted') AND at > clock_timestamp() - interval '1 minute'
			ORDER BY at DESC OFFSET :skip LIMIT 1""";

	private final LimitsProperties limits;

	private final DatabaseClient db;

	PostingLimits(LimitsProperties limits, DatabaseClient db) {
		this.limits = limits;
		this.db = db;
	}

	/**
	 * Completes when {@code user} may post now, errors with 429 otherwise. Runs inside the
	 * caller's transaction, which must write the post's {@code created} event: it holds a
	 * per-user lock until commit, so concurrent posts by one user through any instance are
	 * counted one after the other and never both take the last place.
	 */
	public Mono<Void> acquire(String user) {
		return acquire(user, OLDEST_POST, this.limits.postsPerMinute(), "posts");
	}

	/**
	 * Completes when {@code user} may edit or delete an update now, errors with 429 otherwise.
	 * Runs inside the caller's transaction, which must write the change's event, under the same
	 * per-user lock as {@link #acquire}.
	 */
	public Mono<Void> acquireChange(String user) {
		return acquire(user, OLDEST_CHANGE, this.limits.changesPerMinute(), "edits and deletes");
	}

	private Mono<Void> acquire(String user, String oldestCounted, int limit, String counted) {
		return this.db.sql("SELECT pg_advisory_xact_lock(:space, hashtext(:user))")
			.bind("space", USER_LOCK)
			.bind("user", user)
			.then()
			.then(this.db.sql(oldestCounted)
				.bind("user", user)
				.bind("skip", limit - 1)
				.map(row -> row.get("wait", Integer.class))
				.one())
			.flatMap(wait -> Mono.error(tooMany(limit, counted, Math.max(1, wait))));
	}

	private static Problem tooMany(int limit, String counted, long seconds) {
		return new Problem(HttpStatus.TOO_MANY_REQUESTS,
				"At most %d %s per minute; retry in %d s".formatted(limit, counted, seconds))
			.retryAfter(seconds);
	}

}
