package dev.baton.tokens;

import java.net.URI;
import java.security.Principal;

import jakarta.validation.Valid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/tokens}: service tokens, for admins only (see {@code SecurityConfiguration}). */
@RestController
@RequestMapping("/api/tokens")
class TokenController {

	private final ServiceTokens tokens;

	TokenController(ServiceTokens tokens) {
		this.tokens = tokens;
	}

	@PostMapping
	Mono<ResponseEntity<TokenSummary>> create(@Valid @RequestBody NewToken request, Principal admin) {
		return this.tokens.create(request, admin.getName())
			.map(token -> ResponseEntity.created(URI.create("/api/tokens/" + token.id())).body(token));
	}

	@GetMapping
	Flux<TokenSummary> all() {
		return this.tokens.all();
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> revoke(@PathVariable long id) {
		return this.tokens.revoke(id);
	}

}
