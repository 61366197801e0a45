package dev.baton.users;

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

/** {@code /api/users}: user management, for admins only (see {@code SecurityConfiguration}). */
@RestController
@RequestMapping("/api/users")
class UserController {

	private final Users users;

	UserController(Users users) {
		this.users = users;
	}

	@PostMapping
	Mono<ResponseEntity<UserSummary>> create(@Valid @RequestBody NewUser request) {
		return this.users.create(request)
			.map(user -> ResponseEntity.created(URI.create("/api/users/" + user.username())).body(user));
	}

	@GetMapping
	Flux<UserSummary> all() {
		return this.users.all();
	}

	@DeleteMapping("/{username}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(@PathVariable String username, Principal principal) {
		return this.users.delete(username, principal.getName());
	}

}
