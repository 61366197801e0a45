package dev.baton.updates;

import java.net.URI;
import java.security.Principal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/** The REST API for updates and channels. */
@RestController
@RequestMapping("/api")
class UpdateController {

	private static final String ANONYMOUS = "anonymous";

	private final UpdateService updates;

	private final Channels channels;

	UpdateController(UpdateService updates, Channels channels) {
		this.updates = updates;
		this.channels = channels;
	}

	@PostMapping("/updates")
	Mono<ResponseEntity<Update>> create(@Valid @RequestBody NewUpdate request, ServerWebExchange exchange) {
		return actor(exchange).flatMap(author -> this.updates.create(request, author))
			.map(update -> ResponseEntity.created(URI.create("/api/updates/" + update.id())).body(update));
	}

	@GetMapping("/updates")
	Flux<Update> page(@RequestParam(required = false) String channel, @RequestParam(required = false) Long before,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
		return this.updates.page(channel, before, limit);
	}

	@GetMapping("/updates/{id}")
	Mono<Update> find(@PathVariable long id) {
		return this.updates.find(id);
	}

	@PatchMapping("/updates/{id}")
	Mono<Update> edit(@PathVariable long id, @Valid @RequestBody UpdateChanges changes, ServerWebExchange exchange) {
		return actor(exchange).flatMap(actor -> this.updates.edit(id, changes, actor));
	}

	@DeleteMapping("/updates/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(@PathVariable long id, ServerWebExchange exchange) {
		return actor(exchange).flatMap(actor -> this.updates.delete(id, actor));
	}

	@GetMapping("/channels")
	Flux<Channel> channels() {
		return this.channels.all();
	}

	private static Mono<String> actor(ServerWebExchange exchange) {
		return exchange.getPrincipal().map(Principal::getName).defaultIfEmpty(ANONYMOUS);
	}

}
