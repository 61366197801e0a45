package dev.baton.updates;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

import dev.baton.problems.Problem;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The known channels; naming any other is an error. They are kept in memory, because every
 * subscription and every post names channels: a channel never changes once created, so the
 * copy is re-read only when a name is missing from it, which also finds channels created
 * through another instance.
 */
@Component
public class Channels {

	private final R2dbcEntityTemplate db;

	private volatile Map<String, Channel> known = Map.of();

	Channels(R2dbcEntityTemplate db) {
		this.db = db;
	}

	/** Every channel, by name. */
	public Flux<Channel> all() {
		return this.db.select(Channel.class).matching(Query.empty().sort(Sort.by("name"))).all();
	}

	/** The channel called {@code name}, or an {@link UnknownChannelException}. */
	public Mono<Channel> require(String name) {
		Channel channel = this.known.get(name);
		return (channel != null) ? Mono.just(channel)
				: reload().flatMap(channels -> Mono.justOrEmpty(channels.get(name)))
					.switchIfEmpty(Mono.error(() -> new UnknownChannelException(name)));
	}

	/** Creates a channel; its name must be new. */
	public Mono<Channel> create(NewChannel request) {
		return this.db.insert(new Channel(request.name(), (request.description() != null) ? request.description() : "",
				Boolean.TRUE.equals(request.adminOnly())))
			.onErrorMap(DuplicateKeyException.class,
					ex -> new Problem(HttpStatus.CONFLICT, "Channel '%s' already exists".formatted(request.name())));
	}

	/** Completes when every name is a channel, errors with the first unknown one otherwise. */
	public Mono<Void> requireAll(Collection<String> names) {
		return Flux.fromIterable(names).concatMap(this::require).then();
	}

	private Mono<Map<String, Channel>> reload() {
		return all().collectMap(Channel::name, Function.identity())
			.doOnNext(channels -> this.known = Map.copyOf(channels));
	}

}
