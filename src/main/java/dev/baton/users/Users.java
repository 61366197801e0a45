package dev.baton.users;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.baton.problems.Problem;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Query;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import static org.springframework.data.relational.core.query.Criteria.where;

/** The users in PostgreSQL: sign-in lookups and the admin's user management. */
@Service
class Users implements ReactiveUserDetailsService {

	private final R2dbcEntityTemplate db;

	private final PasswordEncoder passwords;

	private final ApplicationEventPublisher events;

	Users(R2dbcEntityTemplate db, PasswordEncoder passwords, ApplicationEventPublisher events) {
		this.db = db;
		this.passwords = passwords;
		this.events = events;
	}

	@Override
	public Mono<UserDetails> findByUsername(String username) {
		return this.db.selectOne(Query.query(where("username").is(username)), User.class)
			.map(user -> org.springframework.security.core.userdetails.User.withUsername(user.username())
				.password(user.passwordHash())
				.authorities(AuthorityUtils.createAuthorityList(Role.fromWireName(user.role()).authority()))
				.build());
	}

	Flux<UserSummary> all() {
		return this.db.select(Query.empty().sort(Sort.by("username")), User.class).map(User::summary);
	}

	Mono<UserSummary> create(NewUser request) {
		// bcrypt is deliberately slow: keep it off the event loop
		return Mono.fromCallable(() -> this.passwords.encode(request.password()))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(hash -> this.db.insert(new User(request.username(), hash, request.role().wireName(),
					Instant.now().truncatedTo(ChronoUnit.MICROS))))
			.map(User::summary)
			.onErrorMap(DuplicateKeyException.class,
					ex -> new Problem(HttpStatus.CONFLICT,
							"User '%s' already exists (names are unique whatever their case)".formatted(request.username())));
	}

	Mono<Void> delete(String username, String actor) {
		if (username.equals(actor)) {
			return Mono.error(new Problem(HttpStatus.CONFLICT, "You cannot delete your own account"));
		}
		return this.db.delete(Query.query(where("username").is(username)), User.class)
			.filter(deleted -> deleted > 0)
			.switchIfEmpty(Mono.error(() -> new Problem(HttpStatus.NOT_FOUND, "User '%s' does not exist".formatted(username))))
			.doOnNext(deleted -> this.events.publishEvent(new UserDeleted(username)))
			.then();
	}

}
