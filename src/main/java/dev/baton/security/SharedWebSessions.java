package dev.baton.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
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
 */
@Component
class SharedWebSessions implements WebSessionStore {

	private static final SecureRandom random = new SecureRandom();

	private final DatabaseClient db;

	private final Duration maxIdle;

	private final Clock clock = Clock.systemUTC();

	SharedWebSessions(DatabaseClient db, @Value("${server.reactive.session.timeout:30m}") Duration maxIdle) {
		this.db = db;
		this.maxIdle = maxIdle;
	}

	@Override
	public Mono<WebSession> createWebSession() {
		return Mono.fromSupplier(() -> new Session(newId(), now(), new ConcurrentHashMap<>(), false));
	}

	@Override
	public Mono<WebSession> retrieveSession(String id) {
		return this.db.sql("SELECT * FROM web_sessions WHERE id = :id")
			.bind("id", id)
			.map(row -> {
				Session session = new Session(id, row.get("created_at", Instant.class),
						new ConcurrentHashMap<>(deserialize(row.get("attributes", byte[].class))), true);
				session.lastAccess = row.get("last_access", Instant.class);
				session.maxIdle = Duration.ofSeconds(row.get("max_idle_seconds", Integer.class));
				return session;
			})
			.one()
			.flatMap(session -> session.isExpired() ? removeSession(id).then(Mono.empty()) : Mono.just(session));
	}

	@Override
	public Mono<Void> removeSession(String id) {
		return this.db.sql("DELETE FROM web_sessions WHERE id = :id").bind("id", id).then();
	}

	@Override
	public Mono<WebSession> updateLastAccessTime(WebSession webSession) {
		return Mono.fromSupplier(() -> {
			((Session) webSession).lastAccess = now();
			return webSession;
		});
	}

	@Scheduled(fixedDelayString = "${server.reactive.session.timeout:30m}")
	Mono<Long> deleteExpired() {
		return this.db.sql("DELETE FROM web_sessions WHERE last_access + max_idle_seconds * interval '1 second' < now()")
			.fetch()
			.rowsUpdated();
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static String newId() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static byte[] serialize(Map<String, Object> attributes) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(new HashMap<>(attributes));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> deserialize(byte[] bytes) {
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
			return (Map<String, Object>) in.readObject();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
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

		Session(String id, Instant created, Map<String, Object> attributes, boolean started) {
			this.id = id;
			this.created = created;
			this.lastAccess = created;
			this.attributes = attributes;
			this.started = started;
		}

		@Override
		public String getId() {
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

		@Override
		public boolean isStarted() {
			return this.started || !this.attributes.isEmpty();
		}

		@Override
		public Mono<Void> changeSessionId() {
			return Mono.fromRunnable(() -> {
				this.previousId = (this.previousId != null) ? this.previousId : this.id;
				this.id = newId();
			});
		}

		@Override
		public Mono<Void> invalidate() {
			this.attributes.clear();
			this.started = false;
			return removeSession(this.id);
		}

		@Override
		public Mono<Void> save() {
			if (!isStarted()) {
				return Mono.empty();
			}
			Mono<Void> forgetPrevious = (this.previousId != null) ? removeSession(this.previousId) : Mono.empty();
			return forgetPrevious.then(SharedWebSessions.this.db.sql("""
					INSERT INTO web_sessions (id, attributes, created_at, last_access, max_idle_seconds)
					VALUES (:id, :attributes, :created, :lastAccess, :maxIdle)
					ON CONFLICT (id) DO UPDATE SET attributes = excluded.attributes,
					    last_access = excluded.last_access, max_idle_seconds = excluded.max_idle_seconds""")
				.bind("id", this.id)
				.bind("attributes", serialize(this.attributes))
				.bind("created", this.created)
				.bind("lastAccess", this.lastAccess)
				.bind("maxIdle", Math.toIntExact(this.maxIdle.toSeconds()))
				.then());
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
