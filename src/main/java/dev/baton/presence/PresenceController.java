package dev.baton.presence;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.baton.problems.Problem;
import dev.baton.updates.Actor;
import dev.baton.updates.Channels;
import dev.baton.updates.UnknownChannelException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who is here ({@code GET /api/channels/{channel}/presence}, {@code GET /api/presence} for being
 * online) and what is unread ({@code GET /api/unread}, {@code PUT /api/unread}), for signed-in people.
 */
@RestController
class PresenceController {

	private final Presence presence;

	private final ReadMarks readMarks;

	private final Channels channels;

	PresenceController(Presence presence, ReadMarks readMarks, Channels channels) {
		this.presence = presence;
		this.readMarks = readMarks;
		this.channels = channels;
	}

	// the channel names the resource: an unknown one is not found
	@GetMapping("/api/channels/{channel}/presence")
	Mono<ChannelPresence> channel(@PathVariable String channel, Authentication user) {
		return this.channels.requireReadable(channel, Actor.of(user))
			.onErrorMap(UnknownChannelException.class,
					unknown -> new Problem(HttpStatus.NOT_FOUND, unknown.getBody().getDetail()).titled("Unknown channel"))
			.then(this.presence.read(channel));
	}

	@GetMapping("/api/presence")
	Mono<ChannelPresence> online() {
		return this.presence.read(null);
	}

	@GetMapping("/api/unread")
	Mono<Map<String, Long>> unread(Authentication user) {
		return this.readMarks.unread(Actor.of(user));
	}

	@PutMapping("/api/unread")
	Mono<ResponseEntity<Void>> read(@Valid @RequestBody ReadMark mark, Authentication user) {
		return this.readMarks.mark(Actor.of(user), mark.channel(), mark.readUpTo())
			.thenReturn(ResponseEntity.noContent().build());
	}

	/**
	 * {@code {"channel":"general","read_up_to":123}}: read up to update 123.
	 *
	 * @param channel the feed channel read; every feed channel the person may read when absent
	 * @param readUpTo the newest update id read
	 */
	record ReadMark(String channel, @JsonProperty("read_up_to") @NotNull @PositiveOrZero Long readUpTo) {
	}

}
