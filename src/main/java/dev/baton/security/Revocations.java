package dev.baton.security;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.baton.tokens.ServiceTokens;
import dev.baton.tokens.TokenRevoked;
import dev.baton.updates.Actor;
import dev.baton.users.UserDeleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * Ends what a sign-in opened when the sign-in ends. An open stream is signed in for its life by
 * the session cookie or the Basic credentials of its handshake; {@link #ended} tells it when that
 * session ended (sign-out, expiry), its user was deleted or its service token revoked. Sign-out and deletion on this instance
 * end its streams at once; every {@code baton.security.revocation-check} each instance reads
 * which of its streams' sessions and users still exist, so those ended on another instance follow
 * within that time, as do remembered Basic credentials of deleted users. The same read keeps the
 * sessions of open streams in use: a page that watches the feed does not expire while it does.
 */
@Component
public class Revocations {

	/** Why a stream ends when its session signed out on this instance. */
	public static final String SIGNED_OUT = "signed out";

	/** Why a stream ends when its session ended. */
	public static final String SESSION_ENDED = "session ended";

	/** Why a stream ends when its user was deleted. */
	public static final String USER_DELETED = "user deleted";

	/** Why a stream ends when its service token was revoked. */
	public static final String TOKEN_REVOKED = "token revoked";

	private static final Logger logger = LoggerFactory.getLogger(Revocations.class);

	private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(4);

	private final DatabaseClient db;

	private final RememberingAuthenticationManager credentials;

	private final Set<Watch> watches = ConcurrentHashMap.newKeySet();

	private final ServiceTokens tokens;

	Revocations(DatabaseClient db, RememberingAuthenticationManager credentials, ServiceTokens tokens) {
		this.db = db;
		this.credentials = credentials;
		this.tokens = tokens;
	}

	/**
	 * The sign-in of a stream's handshake, read from it now so that the stream need not keep it.
	 * @param exchange the stream's handshake
	 * @param user its signed-in user
	 */
	public Mono<SignIn> signIn(ServerWebExchange exchange, Authentication user) {
		// as the Basic and bearer filters decide: any other Authorization header leaves the session in charge
		String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
		boolean token = Actor.of(user).token() != null;
		Mono<String> session = (basic || token) ? Mono.just("") : exchange.getSession().map(WebSession::getId);
		return session.map(id -> new SignIn(user.getName(), id.isEmpty() ? null : id, token));
	}

	/** Why {@code signIn} ended, once it does; watched while subscribed. */
	public Mono<String> ended(SignIn signIn) {
		return Mono.create(sink -> {
			Watch watch = new Watch(signIn, sink);
			this.watches.add(watch);
			sink.onDispose(() -> this.watches.remove(watch));
		});
	}

	/** Ends the streams of a session signed out on this instance. */
	void signedOut(String sessionId) {
		this.watches.stream().filter(watch -> sessionId.equals(watch.sessionId())).forEach(watch -> watch.end(SIGNED_OUT));
	}

	@EventListener(UserDeleted.class)
	void userDeleted(UserDeleted deleted) {
		this.watches.stream()
			.filter(watch -> !watch.signIn().token() && watch.username().equals(deleted.username()))
			.forEach(watch -> watch.end(USER_DELETED));
	}

	@EventListener(TokenRevoked.class)
	void tokenRevoked(TokenRevoked revoked) {
		this.watches.stream()
			.filter(watch -> watch.signIn().token() && watch.username().equals(revoked.name()))
			.forEach(watch -> watch.end(TOKEN_REVOKED));
	}

	// Spring subscribes the returned Mono again at every tick: the work is deferred to each
	@Scheduled(fixedDelayString = "${baton.security.revocation-check:5s}")
	Mono<Void> check() {
		// bounded, so that a slow database delays the next check by at most this much
		return Mono.defer(this::checkNow).timeout(CHECK_TIMEOUT).onErrorResume(failed -> {
			logger.warn("Could not check the sign-ins of open streams: {}", failed.toString());
			return Mono.empty();
		});
	}

	private Mono<Void> checkNow() {
		List<Watch> watched = List.copyOf(this.watches);
		Set<String> sessions = watched.stream().map(Watch::sessionId).filter(id -> id != null).collect(Collectors.toSet());
		Set<String> users = watched.stream()
			.filter(watch -> !watch.signIn().token())
			.map(Watch::username)
			.collect(Collectors.toSet());
		Set<String> tokenNames = watched.stream()
			.filter(watch -> watch.signIn().token())
			.map(Watch::username)
			.collect(Collectors.toSet());
		Set<String> remembered = this.credentials.usernames();
		users.addAll(remembered);
		return Mono.zip(liveSessions(sessions), existing(users), this.tokens.valid(tokenNames)).doOnNext(live -> {
			watched.forEach(watch -> {
				if (watch.signIn().token()) {
					if (!live.getT3().contains(watch.username())) {
						watch.end(TOKEN_REVOKED);
					}
				}
				else if (!live.getT2().contains(watch.username())) {
					watch.end(USER_DELETED);
				}
				else if (watch.sessionId() != null && !live.getT1().contains(watch.sessionId())) {
					watch.end(SESSION_ENDED);
				}
			});
			remembered.stream().filter(name -> !live.getT2().contains(name)).forEach(this.credentials::forget);
		}).then();
	}

	// the sessions that exist, are signed in and have not expired; those unused for a minute are
	// marked used now
	private Mono<Set<String>> liveSessions(Set<String> ids) {
		if (ids.isEmpty()) {
			return Mono.just(Set.of());
		}
		return this.db.sql("""
				WITH live AS (SELECT id, last_access FROM web_sessions WHERE id = ANY(:ids) AND username IS NOT NULL
				    AND last_access + max_idle_seconds * interval '1 second' > now()),
				touched AS (UPDATE web_sessions SET last_access = now() FROM live
				    WHERE web_sessions.id = live.id AND live.last_access < now() - interval '1 minute')
				SELECT id FROM live""")
			.bind("ids", ids.toArray(String[]::new))
			.map(row -> row.get("id", String.class))
			.all()
			.collect(Collectors.toSet());
	}

	private Mono<Set<String>> existing(Set<String> usernames) {
		if (usernames.isEmpty()) {
			return Mono.just(Set.of());
		}
		return this.db.sql("SELECT username FROM users WHERE username = ANY(:names)")
			.bind("names", usernames.toArray(String[]::new))
			.map(row -> row.get("username", String.class))
			.all()
			.collect(Collectors.toSet());
	}

	/**
	 * What a stream is signed in by.
	 * @param username its user, or its service token's name
	 * @param sessionId its session, or {@code null} when signed in by Basic credentials or a token
	 * @param token whether it is signed in by a service token
	 */
	public record SignIn(String username, String sessionId, boolean token) {
	}

	private record Watch(SignIn signIn, MonoSink<String> sink) {

		String username() {
			return this.signIn.username();
		}

		String sessionId() {
			return this.signIn.sessionId();
		}

		void end(String reason) {
			this.sink.success(reason);
		}

	}

}
