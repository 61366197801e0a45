package dev.baton.updates;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import dev.baton.problems.InvalidField;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The REST API for updates and channels. */
@RestController
@RequestMapping("/api")
class UpdateController {

	private final UpdateService updates;

	private final Channels channels;

	UpdateController(UpdateService updates, Channels channels) {
		this.updates = updates;
		this.channels = channels;
	}

	// A repeated Idempotency-Key gets the answer the first request got.
	@PostMapping("/updates")
	Mono<ResponseEntity<Update>> create(@Valid @RequestBody NewUpdate request,
			@RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey, Authentication user) {
		return IdempotencyKeys.check(idempotencyKey).then(this.updates.create(request, idempotencyKey, Actor.of(user), PostPath.REST))
			.map(Written::update)
			.map(update -> ResponseEntity.created(URI.create("/api/updates/" + update.id())).body(update));
	}

	@GetMapping("/updates")
	Flux<Update> page(@RequestParam(required = false) String channel, @RequestParam(required = false) Long before,
			@RequestParam(defaultValue = "" + Limits.PAGE_SIZE) @Min(1) @Max(Limits.MAX_PAGE_SIZE) int limit,
			Authentication user) {
		return this.channels.feedShown(channel, Actor.of(user)).flatMapMany(shown -> this.updates.page(shown, before, limit));
	}

	@GetMapping("/updates/{id}")
	Mono<Update> find(@PathVariable long id, Authentication user) {
		// an update in a channel its reader may not read is not found, as if it did not exist
		return this.channels.ready()
			.then(this.updates.find(id))
			.filter(update -> this.channels.mayRead(Actor.of(user), update.channel()))
			.switchIfEmpty(Mono.error(() -> new UpdateNotFoundException(id)));
	}

	@PatchMapping("/updates/{id}")
	Mono<Update> edit(@PathVariable long id, @Valid @RequestBody UpdateChanges changes, Authentication user) {
		return this.updates.edit(id, changes, Actor.of(user)).map(Written::update);
	}

	@DeleteMapping("/updates/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(@PathVariable long id, Authentication user) {
		return this.updates.delete(id, Actor.of(user)).then();
	}

	@GetMapping("/channels")
	Flux<Channel> channels() {
		return this.channels.all();
	}

	@GetMapping("/channels/{channel}/permissions")
	Mono<ChannelPermissions> permissions(@PathVariable String channel) {
		return this.channels.permissions(channel);
	}

	@PutMapping("/channels/{channel}/permissions")
	Mono<ChannelPermissions> permit(@PathVariable String channel, @Valid @RequestBody ChannelPermissions permissions) {
		return this.channels.permit(channel, permissions);
	}

	@PostMapping("/channels")
	Mono<ResponseEntity<Channel>> createChannel(@Valid @RequestBody NewChannel request) {
		return this.channels.create(request)
			.map(channel -> ResponseEntity.created(URI.create("/api/channels/" + channel.name())).body(channel));
	}

}
