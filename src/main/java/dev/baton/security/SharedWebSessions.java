package dev.baton.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.baton.users.UserDeleted;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.WebSessionStore;

/**
 * Browser sessions in PostgreSQL, so that every instance knows every signed-in browser and a
 * load balancer needs no session affinity. Written here because Spring Session's reactive
 * stores need Redis or MongoDB, and it has no R2DBC or JDBC store for WebFlux. Attributes (the
 * security context, the CSRF token) are stored with Java serialization; expired sessions are
 * deleted when asked for, and all of them once per session timeout.
 * <p>
 * A page asks for its feed on every event, so that every event would otherwise read (and write)
 * every open page's session at the same moment. A session read is therefore trusted for
 * {@link #RECHECK} before it is read again, and a session is written only when its attributes
 * changed or its stored last access is more than {@link #ACCESS_PRECISION} old. The price: a
 * sign-out through another instance, or a user's deletion, takes up to {@link #RECHECK} to reach
 * this one. Each row names its signed-in user, and is deleted with the user.
 */
@Component
class SharedWebSessions implements WebSessionStore {

	private static final SecureRandom random = new SecureRandom();

	private static final String SPRING_SECURITY_CONTEXT = WebSessionServerSecurityContextRepository.DEFAULT_SPRING_SECURITY_CONTEXT_ATTR_NAME;

	static final Duration RECHECK = Duration.ofSeconds(10);

	static final Duration ACCESS_PRECISION = Duration.ofMinutes(1);

	private final DatabaseClient db;

	private final Duration maxIdle;

	// sessions read or written lately, by id
	private final Map<String, Session> recent = new ConcurrentHashMap<>();

	private final Clock clock = Clock.systemUTC();

	SharedWebSessions(DatabaseClient db, @Value("${server.reactive.session.timeout:30m}") Duration maxIdle) {
		this.db = db;
		this.maxIdle = maxIdle;
	}

	// Every request without a session cookie gets a new session, most of them (API and stream
	// clients with Basic credentials) never used: its id is drawn only when it is asked for.
	@Override
	public Mono<WebSession> createWebSession() {
		return Mono.fromSupplier(() -> new Session(null, now(), new ConcurrentHashMap<>(), false));
	}

	@Override
	public Mono<WebSession> retrieveSession(String id) {
		Session known = this.recent.get(id);
		Mono<Session> session = (known != null && !known.needsRecheck()) ? Mono.just(known) : load(id);
		return session.flatMap(found -> found.isExpired() ? removeSession(id).then(Mono.empty()) : Mono.just(found));
	}

	private Mono<Session> load(String id) {
		return this.db.sql("SELECT * FROM web_sessions WHERE id = :id").bind("id", id).map(row -> {
			byte[] attributes = row.get("attributes", byte[].class);
			Session session = new Session(id, row.get("created_at", Instant.class),
					new ConcurrentHashMap<>(SessionAttributes.deserialize(attributes)), true);
			session.stored(attributes, row.get("last_access", Instant.class));
			session.maxIdle = Duration.ofSeconds(row.get("max_idle_seconds", Integer.class));
			return session;
		}).one().doOnNext(session -> this.recent.put(id, session)).switchIfEmpty(Mono.fromRunnable(() -> this.recent.remove(id)));
	}

	@Override
	public Mono<Void> removeSession(String id) {
		return this.db.sql("DELETE FROM web_sessions WHERE id = :id")
			.bind("id", id)
			.then()
			.doOnSuccess(done -> this.recent.remove(id));
	}

	@Override
	public Mono<WebSession> updateLastAccessTime(WebSession webSession) {
		return Mono.fromSupplier(() -> {
			((Session) webSession).lastAccess = now();
			return webSession;
		});
	}

	/** Forgets the cached sessions of a deleted user at once; the database deleted their rows. */
	@EventListener(UserDeleted.class)
	void userDeleted(UserDeleted deleted) {
		this.recent.values().removeIf(session -> deleted.username().equals(session.username()));
	}

	@Scheduled(fixedDelayString = "${server.reactive.session.timeout:30m}")
	Mono<Long> deleteExpired() {
		// Spring subscribes the returned Mono again at every tick, so the pruning is part of it
		return Mono.fromRunnable(() -> this.recent.values().removeIf(Session::needsRecheck))
			.then(this.db.sql("DELETE FROM web_sessions WHERE last_access + max_idle_seconds * interval '1 second' < now()")
				.fetch()
				.rowsUpdated());
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static String newId() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private final class Session implements WebSession {

		private volatile String id;

		private final Instant created;

		private final Map<String, Object> attributes;

		private volatile boolean started;

		private volatile Instant lastAccess;

		private volatile Duration maxIdle = SharedWebSessions.this.maxIdle;

		// the row to delete when the id changes (at sign-in, against session fixation)
		private volatile String previousId;

		// what the database holds, when it holds the session
		private volatile byte[] storedAttributes;

		private volatile Instant storedAccess;

		private final long readAt = System.nanoTime();

		Session(String id, Instant created, Map<String, Object> attributes, boolean started) {
			this.id = id;
			this.created = created;
			this.lastAccess = created;
			this.attributes = attributes;
			this.started = started;
		}

		@Override
		public String getId() {
			if (this.id == null) {
				this.id = newId();
			}
			return this.id;
		}

		@Override
		public Map<String, Object> getAttributes() {
			return this.attributes;
		}

		@Override
		public void start() {
			this.started = true;
		}

		// a session with a stored row counts as started, so that it is saved, and so deleted, once
		// sign-out emptied it (DefaultWebSessionManager saves started sessions only)
		@Override
		public boolean isStarted() {
			return this.started || !this.attributes.isEmpty() || this.storedAttributes != null || this.previousId != null;
		}

		@Override
		public Mono<Void> changeSessionId() {
			return Mono.fromRunnable(() -> {
				this.previousId = (this.previousId != null) ? this.previousId : getId();
				this.id = newId();
			});
		}

		@Override
		public Mono<Void> invalidate() {
			this.attributes.clear();
			this.started = false;
			return forgetStored().then(removeSession(getId()));
		}

		@Override
		public Mono<Void> save() {
			if (!this.started && this.attributes.isEmpty()) {
				return forgetStored();
			}
			byte[] attributes = SessionAttributes.serialize(this.attributes);
			if (unchanged(attributes)) {
				return Mono.empty();
			}
			Instant access = this.lastAccess;
			// A stored session is only ever updated, never inserted again: once sign-out or its
			// user's deletion removed the row, a request still holding the session (here, or on
			// another instance within RECHECK) must not bring it back. Its row moves to the new id
			// when the id changed.
			String stored = (this.previousId != null) ? this.previousId : getId();
			String sql = (this.storedAttributes == null) ? """
					INSERT INTO web_sessions (id, attributes, username, created_at, last_access, max_idle_seconds)
					VALUES (:id, :attributes, :username, :created, :lastAccess, :maxIdle)""" : """
					UPDATE web_sessions SET id = :id, attributes = :attributes, username = :username,
					    last_access = greatest(last_access, :lastAccess), max_idle_seconds = :maxIdle
					WHERE id = :stored""";
			DatabaseClient.GenericExecuteSpec write = SharedWebSessions.this.db.sql(sql);
			write = (this.storedAttributes == null) ? write.bind("created", this.created) : write.bind("stored", stored);
			return write.bind("id", getId())
				.bind("attributes", attributes)
				.bind("username", Parameter.fromOrEmpty(username(), String.class))
				.bind("lastAccess", access)
				.bind("maxIdle", Math.toIntExact(this.maxIdle.toSeconds()))
				.fetch()
				.rowsUpdated()
				.doOnNext(rows -> {
					SharedWebSessions.this.recent.remove(stored);
					if (rows > 0) {
						this.previousId = null;
						stored(attributes, access);
						SharedWebSessions.this.recent.put(getId(), this);
					}
				})
				// its user was deleted meanwhile, and with it the user's sessions
				.onErrorResume(DataIntegrityViolationException.class, deleted -> Mono.empty())
				.then();
		}

		// A session emptied by sign-out is deleted, not left behind: the row would still hold the
		// security context of the last save, and be read as signed in again after RECHECK.
		private Mono<Void> forgetStored() {
			Mono<Void> previous = (this.previousId != null) ? removeSession(this.previousId) : Mono.empty();
			Mono<Void> current = (this.storedAttributes != null) ? removeSession(getId()) : Mono.empty();
			return previous.then(current).doOnSuccess(done -> {
				this.previousId = null;
				this.storedAttributes = null;
			});
		}

		/** The signed-in user's name, if the session is signed in. */
		String username() {
			return (this.attributes.get(SPRING_SECURITY_CONTEXT) instanceof SecurityContext context
					&& context.getAuthentication() != null) ? context.getAuthentication().getName() : null;
		}

		void stored(byte[] attributes, Instant access) {
			this.storedAttributes = attributes;
			this.storedAccess = access;
		}

		boolean needsRecheck() {
			return System.nanoTime() - this.readAt > RECHECK.toNanos();
		}

		// unchanged attributes and a stored last access recent enough for expiry
		private boolean unchanged(byte[] attributes) {
			return this.storedAttributes != null && Arrays.equals(this.storedAttributes, attributes)
					&& this.previousId == null && this.lastAccess.isBefore(this.storedAccess.plus(ACCESS_PRECISION));
		}

		@Override
		public boolean isExpired() {
			return !this.maxIdle.isNegative() && SharedWebSessions.this.clock.instant().isAfter(this.lastAccess.plus(this.maxIdle));
		}

		@Override
		public Instant getCreationTime() {
			return this.created;
		}

		@Override
		public Instant getLastAccessTime() {
			return this.lastAccess;
		}

		@Override
		public void setMaxIdleTime(Duration maxIdleTime) {
			this.maxIdle = maxIdleTime;
		}

		@Override
		public Duration getMaxIdleTime() {
			return this.maxIdle;
		}

	}

}
