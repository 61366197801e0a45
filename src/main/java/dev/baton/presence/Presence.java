package dev.baton.presence;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import dev.baton.updates.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Who is in each channel through every instance, kept in PostgreSQL. Each instance counts the
 * streams of its users per channel (and for being online) in memory, and every
 * {@code baton.presence.interval} writes what changed, as rows of its own, in one transaction;
 * then it reads the channels its streams watch whose version moved, and sends each one's presence
 * to them if it changed. A user whose last stream left stays for {@code baton.presence.grace}, as
 * do the users of an instance that stopped, so a reconnect elsewhere does not show them leaving.
 * Each instance refreshes its own row every third of {@code baton.presence.ttl}; one that stops
 * refreshing (killed) is swept with its rows by whichever instance looks next.
 */
@Component
public class Presence implements SmartLifecycle {

	/** The scope of being online: having any stream open. */
	static final String ONLINE = "";

	/** The most users {@link #read} lists; above, it answers the counts only. */
	static final int MAX_READ = 1000;

	private static final Logger logger = LoggerFactory.getLogger(Presence.class);

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	private final Signals signals;

	private final PresenceProperties properties;

	private final JsonMapper json;

	private final UUID instance = UUID.randomUUID();

	// each user's open streams per scope on this instance, and since when a user with none left
	private final Map<Key, Local> local = new ConcurrentHashMap<>();

	private final Set<Key> dirty = ConcurrentHashMap.newKeySet();

	// Kept by the one tick that runs at a time: what this instance's rows say, the users in their
	// grace period, and the version and presence last read of each watched scope.
	private final Map<Key, Integer> written = new HashMap<>();

	private final Set<Key> leaving = new HashSet<>();

	private final Map<String, Long> versions = new HashMap<>();

	private final Map<String, ChannelPresence> shown = new HashMap<>();

	private final long refreshEvery;

	private long ticks;

	// when this instance last refreshed its row, by System.nanoTime()
	private long refreshed = System.nanoTime() - Duration.ofDays(1).toNanos();

	private volatile Disposable running;

	Presence(DatabaseClient db, TransactionalOperator transactions, Signals signals, PresenceProperties properties,
			JsonMapper json) {
		this.db = db;
		this.transactions = transactions;
		this.signals = signals;
		this.properties = properties;
		this.json = json;
		this.refreshEvery = Math.max(1, properties.ttl().dividedBy(3).toMillis() / properties.interval().toMillis());
	}

	/**
	 * Counts a stream of {@code actor} as present in {@code channels} and online, until the
	 * returned leave runs, once; a service token's streams are not counted.
	 */
	public Runnable join(Actor actor, Set<String> channels) {
		if (!this.properties.enabled() || actor.token() != null) {
			return () -> {
			};
		}
		String user = actor.name();
		change(ONLINE, user, 1);
		channels.forEach(channel -> change(channel, user, 1));
		// holds what the stream holds anyway: its user's name and its channels
		return () -> {
			change(ONLINE, user, -1);
			channels.forEach(channel -> change(channel, user, -1));
		};
	}

	/** Who is in {@code channel} now, or online when null, as the database has it. */
	public Mono<ChannelPresence> read(String channel) {
		String scope = (channel != null) ? channel : ONLINE;
		return readScopes(List.of(scope), MAX_READ).map(read -> read.get(scope));
	}

	private void change(String scope, String user, int by) {
		Key key = new Key(scope, user);
		this.local.compute(key, (k, was) -> {
			int connections = ((was != null) ? was.connections() : 0) + by;
			return new Local(connections, (connections == 0) ? System.nanoTime() : 0);
		});
		this.dirty.add(key);
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			return;
		}
		// a fixed delay between ticks: after a slow one, the next does not follow at once
		this.running = Mono.defer(this::tick).onErrorResume(failed -> {
			logger.warn("Presence not written or read this time: {}", failed.toString());
			return Mono.empty();
		}).then(Mono.delay(this.properties.interval())).repeat().subscribe();
	}

	/**
	 * Stops writing as soon as the instance starts shutting down, before its streams end: their
	 * leaving is never written, and the instance's users stay as they were for the grace period.
	 */
	@EventListener(ContextClosedEvent.class)
	void closing() {
		Disposable running = this.running;
		if (running != null) {
			running.dispose();
		}
	}

	/**
	 * Leaves this instance's users present for the grace period, in which they reconnect to another
	 * instance; then they are swept.
	 */
	@Override
	public void stop(Runnable callback) {
		if (this.running == null) {
			callback.run();
			return;
		}
		closing();
		this.running = null;
		this.db.sql("UPDATE presence_instances SET expires_at = now() + make_interval(secs => :grace) WHERE instance = :instance")
			.bind("grace", this.properties.grace().toMillis() / 1000.0)
			.bind("instance", this.instance)
			.then()
			.timeout(Duration.ofSeconds(5))
			.doFinally(signal -> callback.run())
			.subscribe(done -> {
			}, failed -> logger.warn("Presence of this instance not handed over: {}", failed.toString()));
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}


	// The changes are taken once the refresh has said whether this instance's rows are all to be
	// written again, and put back if they are not committed, whether the write failed or timed out.
	private Mono<Void> tick() {
		boolean refresh = this.ticks++ % this.refreshEvery == 0;
		AtomicReference<Changes> taken = new AtomicReference<>();
		Mono<Void> write = (refresh ? refresh() : Mono.<Void>empty()).then(Mono.defer(() -> {
			Changes changes = changes(System.nanoTime());
			taken.set(changes);
			return changes.isEmpty() ? Mono.empty() : write(changes);
		}));
		Runnable putBack = () -> {
			Changes changes = taken.getAndSet(null);
			if (changes != null) {
				this.dirty.addAll(changes.keys());
				// refreshed at the next tick: this instance's row may be what is missing
				this.ticks = 0;
			}
		};
		return write.as(this.transactions::transactional)
			.timeout(this.properties.ttl().dividedBy(3))
			.doOnSuccess(done -> {
				Changes changes = taken.getAndSet(null);
				if (changes != null) {
					changes.written(this.written);
				}
			})
			.doOnError(failed -> putBack.run())
			.doOnCancel(putBack)
			.then(Mono.defer(this::readWatched).timeout(this.properties.ttl().dividedBy(3)));
	}

	// what to write of the users who joined or left since the last tick, and of those whose grace ended
	private Changes changes(long now) {
		Set<Key> keys = new HashSet<>(this.leaving);
		for (Iterator<Key> changed = this.dirty.iterator(); changed.hasNext();) {
			keys.add(changed.next());
			changed.remove();
		}
		Changes changes = new Changes();
		for (Key key : keys) {
			Local state = this.local.get(key);
			Integer connections = (state == null) ? null : state.connections();
			if (state != null && state.connections() == 0) {
				if (now - state.leftAt() >= this.properties.grace().toNanos()) {
					// gone, unless a stream joined meanwhile
					connections = (this.local.remove(key, state)) ? null : this.local.get(key).connections();
				}
			}
			if (connections != null && connections == 0) {
				this.leaving.add(key);
			}
			else {
				this.leaving.remove(key);
			}
			if (connections == null) {
				if (this.written.containsKey(key)) {
					changes.deleted.add(key);
				}
			}
			else if (!connections.equals(this.written.get(key))) {
				changes.upserted.put(key, connections);
			}
		}
		return changes;
	}

	// This instance's row, and the sweep of instances that stopped refreshing theirs. When this
	// instance was itself swept (it stalled for longer than the ttl), all its users are written again.
	private Mono<Void> refresh() {
		Mono<Void> sweep = this.db
			.sql("WITH gone AS (DELETE FROM presence_instances WHERE expires_at < now() RETURNING instance), "
					+ "scopes AS (DELETE FROM presence p USING gone WHERE p.instance = gone.instance RETURNING p.scope) "
					+ "INSERT INTO presence_versions (scope, version) "
					+ "SELECT scope, nextval('presence_change') FROM (SELECT DISTINCT scope FROM scopes ORDER BY scope) moved "
					+ "ON CONFLICT (scope) DO UPDATE SET version = excluded.version")
			.then();
		Mono<Boolean> registered = this.db
			.sql("INSERT INTO presence_instances (instance, expires_at) VALUES (:instance, now() + make_interval(secs => :ttl)) "
					+ "ON CONFLICT (instance) DO UPDATE SET expires_at = excluded.expires_at RETURNING xmax = 0 AS inserted")
			.bind("instance", this.instance)
			.bind("ttl", this.properties.ttl().toMillis() / 1000.0)
			.map(row -> row.get("inserted", Boolean.class))
			.one();
		// After an outage every row has expired, this instance's too: it sweeps only once its own
		// refreshes go through again, so that the others have had their turn to refresh theirs.
		long now = System.nanoTime();
		boolean sweeping = now - this.refreshed < 2 * this.properties.ttl().dividedBy(3).toNanos();
		return (sweeping ? sweep : Mono.<Void>empty()).then(registered).doOnNext(inserted -> {
			this.refreshed = now;
			if (inserted && !this.written.isEmpty()) {
				logger.warn("Presence of this instance was swept after it stopped refreshing it: writing it again");
				this.written.clear();
				this.dirty.addAll(this.local.keySet());
			}
		}).then();
	}

	private Mono<Void> write(Changes changes) {
		List<Key> upserted = List.copyOf(changes.upserted.keySet());
		Mono<Void> upserts = upserted.isEmpty() ? Mono.empty() : this.db
			.sql("INSERT INTO presence (instance, scope, username, connections) "
					+ "SELECT :instance, scope, username, connections FROM unnest(:scopes::varchar[], :users::varchar[], :connections::int[]) "
					+ "AS changed (scope, username, connections) "
					+ "ON CONFLICT (scope, username, instance) DO UPDATE SET connections = excluded.connections")
			.bind("instance", this.instance)
			.bind("scopes", upserted.stream().map(Key::scope).toArray(String[]::new))
			.bind("users", upserted.stream().map(Key::user).toArray(String[]::new))
			.bind("connections", upserted.stream().map(changes.upserted::get).toArray(Integer[]::new))
			.then();
		Mono<Void> deletes = changes.deleted.isEmpty() ? Mono.empty() : this.db
			.sql("DELETE FROM presence p USING unnest(:scopes::varchar[], :users::varchar[]) AS gone (scope, username) "
					+ "WHERE p.instance = :instance AND p.scope = gone.scope AND p.username = gone.username")
			.bind("instance", this.instance)
			.bind("scopes", changes.deleted.stream().map(Key::scope).toArray(String[]::new))
			.bind("users", changes.deleted.stream().map(Key::user).toArray(String[]::new))
			.then();
		// in the order of their names, so that instances writing at once wait rather than deadlock
		String[] scopes = changes.keys().stream().map(Key::scope).distinct().sorted().toArray(String[]::new);
		Mono<Void> moved = this.db
			.sql("INSERT INTO presence_versions (scope, version) "
					+ "SELECT scope, nextval('presence_change') FROM unnest(:scopes::varchar[]) AS moved (scope) "
					+ "ON CONFLICT (scope) DO UPDATE SET version = excluded.version")
			.bind("scopes", scopes)
			.then();
		return upserts.then(deletes).then(moved);
	}

	// the presence of each watched scope whose version moved, or that a stream watches anew
	private Mono<Void> readWatched() {
		Set<String> watched = this.signals.watched();
		this.versions.keySet().retainAll(watched);
		this.shown.keySet().retainAll(watched);
		if (watched.isEmpty()) {
			return Mono.empty();
		}
		return this.db.sql("SELECT scope, version FROM presence_versions WHERE scope = ANY(:scopes)")
			.bind("scopes", watched.toArray(String[]::new))
			.map(row -> Map.entry(row.get("scope", String.class), row.get("version", Long.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.flatMap(current -> {
				List<String> moved = watched.stream()
					.filter(scope -> !this.signals.known(scope)
							|| !current.getOrDefault(scope, 0L).equals(this.versions.getOrDefault(scope, 0L)))
					.sorted()
					.toList();
				return moved.isEmpty() ? Mono.empty() : readScopes(moved, this.properties.maxListed()).doOnNext(read -> {
					moved.forEach(scope -> this.versions.put(scope, current.getOrDefault(scope, 0L)));
					read.forEach(this::show);
				}).then();
			});
	}

	// who is in each scope, listed by name up to {@code maxListed} users, counted above
	private Mono<Map<String, ChannelPresence>> readScopes(List<String> scopes, int maxListed) {
		return this.db
			.sql("SELECT scope, count(DISTINCT username) AS users, sum(connections) AS connections FROM presence "
					+ "WHERE scope = ANY(:scopes) GROUP BY scope")
			.bind("scopes", scopes.toArray(String[]::new))
			.map(row -> Map.entry(row.get("scope", String.class),
					new long[] { row.get("users", Long.class), row.get("connections", Long.class) }))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.flatMap(counts -> {
				String[] listed = scopes.stream()
					.filter(scope -> counts.getOrDefault(scope, new long[2])[0] <= maxListed)
					.toArray(String[]::new);
				Mono<Map<String, List<ChannelPresence.Present>>> users = (listed.length == 0) ? Mono.just(Map.of())
						: this.db
							.sql("SELECT scope, username, sum(connections) AS connections FROM presence "
									+ "WHERE scope = ANY(:scopes) GROUP BY scope, username ORDER BY scope, username")
							.bind("scopes", listed)
							.map(row -> Map.entry(row.get("scope", String.class), new ChannelPresence.Present(
									row.get("username", String.class), row.get("connections", Long.class))))
							.all()
							.collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
							.map(multimap -> {
								Map<String, List<ChannelPresence.Present>> lists = new HashMap<>();
								multimap.forEach((scope, present) -> lists.put(scope, List.copyOf(present)));
								return lists;
							});
				return users.map(lists -> {
					Map<String, ChannelPresence> read = new LinkedHashMap<>();
					for (String scope : scopes) {
						long[] count = counts.getOrDefault(scope, new long[2]);
						boolean list = count[0] <= maxListed;
						read.put(scope, new ChannelPresence(scope.equals(ONLINE) ? null : scope, Math.toIntExact(count[0]),
								count[1], list ? lists.getOrDefault(scope, List.of()) : null));
					}
					return read;
				});
			});
	}

	// sent when it changed, or to a stream that watches the scope anew
	private void show(String scope, ChannelPresence presence) {
		if (presence.equals(this.shown.get(scope)) && this.signals.known(scope)) {
			return;
		}
		this.shown.put(scope, presence);
		this.signals.presence(scope,
				Signal.of(Signal.Kind.PRESENCE, presence.channel(), null, new PresenceEvent(presence), this.json));
	}

	/** A user in a scope: a channel, or {@link #ONLINE}. */
	private record Key(String scope, String user) {
	}

	/** A user's open streams in a scope on this instance, and since when none ({@code System.nanoTime()}). */
	private record Local(int connections, long leftAt) {
	}

	/** What one tick writes of this instance's rows. */
	private static final class Changes {

		private final Map<Key, Integer> upserted = new HashMap<>();

		private final Set<Key> deleted = new HashSet<>();

		boolean isEmpty() {
			return this.upserted.isEmpty() && this.deleted.isEmpty();
		}

		Set<Key> keys() {
			Set<Key> keys = new HashSet<>(this.upserted.keySet());
			keys.addAll(this.deleted);
			return keys;
		}

		void written(Map<Key, Integer> written) {
			written.putAll(this.upserted);
			this.deleted.forEach(written::remove);
		}

	}

}
