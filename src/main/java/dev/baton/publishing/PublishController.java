package dev.baton.publishing;

import dev.baton.events.ChannelEvent;
import dev.baton.updates.Actor;
import dev.baton.updates.IdempotencyKeys;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/channels/{channel}/events}: a service or a user publishes an event. */
@RestController
class PublishController {

	private final Publishing publishing;

	PublishController(Publishing publishing) {
		this.publishing = publishing;
	}

	// the answer is the event as streams receive it; a repeated Idempotency-Key gets the same one
	@PostMapping("/api/channels/{channel}/events")
	Mono<ResponseEntity<ChannelEvent>> publish(@PathVariable String channel, @Valid @RequestBody NewEvent event,
			@RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey, Authentication user) {
		return IdempotencyKeys.check(idempotencyKey)
			.then(this.publishing.publish(channel, event, Actor.of(user), idempotencyKey))
			.map(published -> ResponseEntity.status(HttpStatus.CREATED).body(published));
	}

}
