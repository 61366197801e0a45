package dev.baton.limits;

import dev.baton.problems.Problem;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * At most {@code baton.limits.posts-per-minute} new updates per user in any sliding minute, across
 * every instance on the database; more get 429 with Retry-After. The count is of the user's
 * {@code created} events in the event log, so it needs no state of its own and survives restarts.
 */
@Component
public class PostingLimits {

	// Two-key advisory locks are a key space apart from the event log's one-key seq lock.
	private static final int USER_LOCK = 0x706f7374;

	// The limit-th newest post in the window, if there is one: until it leaves the window the
	// user is at the limit. The partial index on (actor, at) bounds the scan by the limit.
	private static final String OLDEST_COUNTED = """
			SELECT ceil(extract(epoch FROM at + interval '1 minute' - clock_timestamp()))::int AS wait
			FROM update_events
			WHERE actor = :user AND action = 'created' AND at > clock_timestamp() - interval '1 minute'
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
		return this.db.sql("SELECT pg_advisory_xact_lock(:space, hashtext(:user))")
			.bind("space", USER_LOCK)
			.bind("user", user)
			.then()
			.then(this.db.sql(OLDEST_COUNTED)
				.bind("user", user)
				.bind("skip", this.limits.postsPerMinute() - 1)
				.map(row -> row.get("wait", Integer.class))
				.one())
			.flatMap(wait -> Mono.error(tooMany(Math.max(1, wait))));
	}

	private Problem tooMany(long seconds) {
		return new Problem(HttpStatus.TOO_MANY_REQUESTS,
				"At most %d posts per minute; retry in %d s".formatted(this.limits.postsPerMinute(), seconds))
			.retryAfter(seconds);
	}

}
