package dev.baton.updates;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import dev.baton.problems.InvalidField;
import dev.baton.problems.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The known channels and who may read and publish on each; naming any other channel is an error.
 * They are kept in memory, because every subscription, every post and every event a stream
 * delivers asks. The copy is read again when a name is missing from it, and whenever
 * {@code channel_changes} says that channels or permissions changed through any instance, which
 * every instance looks at each {@code baton.channels.refresh}.
 */
@Component
public class Channels {

	/** Why a stream ends when its user may no longer read a channel it named. */
	public static final String READ_WITHDRAWN = "read access to channel '%s' withdrawn";

	private static final Logger logger = LoggerFactory.getLogger(Channels.class);

	private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(4);

	private final R2dbcEntityTemplate template;

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	private volatile Known known = new Known(-1, Map.of(), Map.of());

	// the read under way, which every miss meanwhile shares, so that requests naming unknown
	// channels cost one read at a time
	private final AtomicReference<Mono<Known>> reading = new AtomicReference<>();

	// the streams that named channels, told when a permission they read by is withdrawn
	private final Set<Watch> watches = ConcurrentHashMap.newKeySet();

	Channels(R2dbcEntityTemplate template, TransactionalOperator transactions) {
		this.template = template;
		this.db = template.getDatabaseClient();
		this.transactions = transactions;
	}

	/** Every channel, by name. */
	public Flux<Channel> all() {
		return this.template.select(Channel.class).matching(Query.empty().sort(Sort.by("name"))).all();
	}

	/** The feed channels {@code actor} may read, by name: the feed's tabs. */
	public Mono<List<Channel>> readableFeed(Actor actor) {
		return loaded().map(known -> known.channels()
			.values()
			.stream()
			.filter(channel -> channel.feed() && known.mayRead(actor, channel.name()))
			.sorted(Comparator.comparing(Channel::name))
			.toList());
	}

	/** The channel called {@code name}, or an {@link UnknownChannelException}. */
	public Mono<Channel> require(String name) {
		Channel channel = this.known.channels().get(name);
		return (channel != null) ? Mono.just(channel)
				: reload().flatMap(known -> Mono.justOrEmpty(known.channels().get(name)))
					.switchIfEmpty(Mono.error(() -> new UnknownChannelException(name)));
	}

	/** Completes when every name is a channel, errors with the first unknown one otherwise. */
	public Mono<Void> requireAll(Collection<String> names) {
		return Flux.fromIterable(names).concatMap(this::require).then();
	}

	/** The channel called {@code name} if {@code actor} may read it; otherwise a 404 or 403 problem. */
	public Mono<Channel> requireReadable(String name, Actor actor) {
		return require(name).filter(channel -> mayRead(actor, name))
			.switchIfEmpty(Mono.error(() -> new ForbiddenException("You may not read channel '%s'".formatted(name))));
	}

	/**
	 * The feed channels a view of the feed shows {@code actor}: {@code channel}, if it is a feed
	 * channel they may read (else a 404 or 403 problem), or when null every feed channel they may read.
	 */
	public Mono<Set<String>> feedShown(String channel, Actor actor) {
		if (channel == null) {
			return readableFeed(actor).map(channels -> channels.stream().map(Channel::name).collect(Collectors.toUnmodifiableSet()));
		}
		return requireReadable(channel, actor).filter(Channel::feed)
			.switchIfEmpty(Mono.error(() -> new Problem(HttpStatus.NOT_FOUND,
					"Channel '%s' is a module channel: the feed shows feed channels".formatted(channel))))
			.map(found -> Set.of(found.name()));
	}

	/**
	 * Completes once the channels and their permissions have been read at least once, which
	 * {@link #mayRead} needs: until then it would answer with the defaults.
	 */
	public Mono<Void> ready() {
		return loaded().then();
	}

	/** Whether {@code actor} may read {@code channel} now; asked for each event a stream delivers. */
	public boolean mayRead(Actor actor, String channel) {
		return this.known.mayRead(actor, channel);
	}

	/** Whether {@code channel} is one of the feed's, as far as this instance knows now. */
	public boolean isFeed(String channel) {
		Channel known = this.known.channels().get(channel);
		return known != null && known.feed();
	}

	/** Whether {@code actor} may publish on {@code channel}: post to it, or publish events on it. */
	public boolean mayPublish(Actor actor, Channel channel) {
		return this.known.mayPublish(actor, channel);
	}

	/** Creates a channel; its name must be new. */
	public Mono<Channel> create(NewChannel request) {
		Channel channel = new Channel(request.name(), (request.description() != null) ? request.description() : "",
				Boolean.TRUE.equals(request.adminOnly()), (request.kind() != null) ? request.kind() : Channel.FEED);
		return this.template.insert(channel)
			.flatMap(created -> changed().thenReturn(created))
			.as(this.transactions::transactional)
			.onErrorMap(DuplicateKeyException.class,
					ex -> new Problem(HttpStatus.CONFLICT, "Channel '%s' already exists".formatted(request.name())))
			.flatMap(created -> read().thenReturn(created));
	}

	/** Who may read and publish on {@code channel}, beyond the defaults. */
	public Mono<ChannelPermissions> permissions(String channel) {
		return require(channel).then(Mono.fromSupplier(() -> this.known.permissions(channel)));
	}

	/**
	 * Replaces who may read and publish on {@code channel}. Open streams follow on every instance
	 * within {@code baton.channels.refresh}: those that named a channel their user may no longer read end.
	 */
	public Mono<ChannelPermissions> permit(String channel, ChannelPermissions permissions) {
		List<InvalidField> invalid = permissions.invalid();
		if (!invalid.isEmpty()) {
			return Mono.error(InvalidField.problem(invalid));
		}
		Mono<Void> replace = this.db.sql("DELETE FROM channel_permissions WHERE channel = :channel")
			.bind("channel", channel)
			.then()
			.thenMany(Flux.concat(grants(channel, "read", permissions.read()), grants(channel, "publish", permissions.publish())))
			.then(changed());
		return require(channel).then(replace.as(this.transactions::transactional))
			.then(read())
			.map(known -> known.permissions(channel));
	}

	/**
	 * Why a stream of {@code actor} that named {@code channels} must end, once its actor may no
	 * longer read one of them; watched while subscribed.
	 */
	public Mono<String> readWithdrawn(Actor actor, Set<String> channels) {
		if (channels.isEmpty()) {
			return Mono.never();
		}
		return Mono.create(sink -> {
			Watch watch = new Watch(actor, channels, sink);
			this.watches.add(watch);
			sink.onDispose(() -> this.watches.remove(watch));
			watch.check(this.known);
		});
	}

	// Spring subscribes the returned Mono again at every tick: the work is deferred to each
	@Scheduled(fixedDelayString = "${baton.channels.refresh:2s}")
	Mono<Void> refresh() {
		return Mono.defer(() -> this.db.sql("SELECT version FROM channel_changes")
			.map(row -> row.get("version", Long.class))
			.one()
			.filter(version -> version != this.known.version())
			.flatMap(version -> reload())
			.then())
			.timeout(REFRESH_TIMEOUT)
			.onErrorResume(failed -> {
				logger.warn("Could not read whether channels changed: {}", failed.toString());
				return Mono.empty();
			});
	}

	private Flux<Long> grants(String channel, String access, List<String> grantees) {
		return Flux.fromIterable(Set.copyOf(grantees))
			.concatMap(grantee -> this.db
				.sql("INSERT INTO channel_permissions (channel, access, grantee) VALUES (:channel, :access, :grantee)")
				.bind("channel", channel)
				.bind("access", access)
				.bind("grantee", grantee)
				.fetch()
				.rowsUpdated());
	}

	// tells every instance, through its next refresh, that channels or permissions changed
	private Mono<Void> changed() {
		return this.db.sql("UPDATE channel_changes SET version = version + 1").then();
	}

	private Mono<Known> loaded() {
		Known known = this.known;
		return (known.version() >= 0) ? Mono.just(known) : reload();
	}

	private Mono<Known> reload() {
		Mono<Known> shared = this.reading.get();
		if (shared != null) {
			return shared;
		}
		Mono<Known> read = read().doFinally(signal -> this.reading.set(null)).cache();
		return this.reading.compareAndSet(null, read) ? read : reload();
	}

	// the version first: a change committed during the read is read again at the next refresh; a
	// read that ends after a newer one does not replace it
	private Mono<Known> read() {
		Mono<Long> version = this.db.sql("SELECT version FROM channel_changes").map(row -> row.get("version", Long.class)).one();
		Mono<Map<String, Channel>> channels = all().collectMap(Channel::name);
		Mono<Map<String, ChannelPermissions>> permissions = this.db
			.sql("SELECT channel, access, grantee FROM channel_permissions")
			.map(row -> new Grant(row.get("channel", String.class), row.get("access", String.class),
					row.get("grantee", String.class)))
			.all()
			.collectList()
			.map(Channels::byChannel);
		return version.flatMap(read -> Mono.zip(channels, permissions)
			.map(loaded -> new Known(read, Map.copyOf(loaded.getT1()), loaded.getT2())))
			.map(read -> {
				synchronized (this) {
					if (read.version() >= this.known.version()) {
						this.known = read;
					}
					return this.known;
				}
			})
			.doOnNext(known -> this.watches.forEach(watch -> watch.check(known)));
	}

	private static Map<String, ChannelPermissions> byChannel(List<Grant> grants) {
		Map<String, List<String>> read = new HashMap<>();
		Map<String, List<String>> publish = new HashMap<>();
		for (Grant grant : grants) {
			(grant.access().equals("read") ? read : publish).computeIfAbsent(grant.channel(), channel -> new ArrayList<>())
				.add(grant.grantee());
		}
		Map<String, ChannelPermissions> permissions = new HashMap<>();
		Set<String> channels = new HashSet<>(read.keySet());
		channels.addAll(publish.keySet());
		for (String channel : channels) {
			permissions.put(channel, new ChannelPermissions(read.get(channel), publish.get(channel)));
		}
		return Map.copyOf(permissions);
	}

	private record Grant(String channel, String access, String grantee) {
	}

	/** What this instance knows of the channels, as of {@code version} of {@code channel_changes}. */
	private record Known(long version, Map<String, Channel> channels, Map<String, ChannelPermissions> permitted) {

		ChannelPermissions permissions(String channel) {
			return this.permitted.getOrDefault(channel, ChannelPermissions.DEFAULT);
		}

		boolean mayRead(Actor actor, String channel) {
			if (actor.token() != null) {
				return actor.token().read().contains(channel);
			}
			List<String> readers = permissions(channel).read();
			return actor.admin() || readers.isEmpty() || ChannelPermissions.names(readers, actor);
		}

		boolean mayPublish(Actor actor, Channel channel) {
			if (actor.token() != null) {
				return actor.token().publish().contains(channel.name());
			}
			List<String> publishers = permissions(channel.name()).publish();
			if (actor.admin()) {
				return true;
			}
			return publishers.isEmpty() ? channel.openToPublish() : ChannelPermissions.names(publishers, actor);
		}

	}

	private record Watch(Actor actor, Set<String> channels, MonoSink<String> sink) {

		void check(Known known) {
			this.channels.stream()
				.filter(channel -> !known.mayRead(this.actor, channel))
				.findFirst()
				.ifPresent(channel -> this.sink.success(READ_WITHDRAWN.formatted(channel)));
		}

	}

}
