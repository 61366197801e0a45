package dev.baton.push;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import dev.baton.events.StreamEvent;
import dev.baton.events.UpdatesStream;
import dev.baton.problems.Problem;
import dev.baton.updates.Channels;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Turns the query of a stream request into a subscription, shared by both transports. */
@Component
class Subscriptions {

	private final UpdatesStream stream;

	private final Channels channels;

	Subscriptions(UpdatesStream stream, Channels channels) {
		this.stream = stream;
		this.channels = channels;
	}

	/**
	 * Validates the request and returns its events.
	 * @param channels a comma-separated list of channel names; all channels when absent
	 * @param resumeAfter the last seq the client has seen, if any
	 * @param resumeParameter the name the client used for it, for the error message
	 */
	Mono<Flux<StreamEvent>> open(String channels, String resumeAfter, String resumeParameter) {
		OptionalLong resume = parseResumePoint(resumeAfter, resumeParameter);
		Set<String> names = parseChannels(channels);
		return this.channels.requireAll(names).thenReturn(this.stream.subscribe(names, resume));
	}

	private static Set<String> parseChannels(String channels) {
		if (channels == null || channels.isBlank()) {
			return Set.of();
		}
		return Arrays.stream(channels.split(","))
			.map(String::strip)
			.filter(name -> !name.isEmpty())
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	private static OptionalLong parseResumePoint(String value, String parameter) {
		if (value == null || value.isEmpty()) {
			return OptionalLong.empty();
		}
		if (!value.chars().allMatch(Character::isDigit) || value.length() > 18) {
			throw new Problem(HttpStatus.BAD_REQUEST,
					"%s must be a non-negative integer (the seq of the last event received), not '%s'"
						.formatted(parameter, value))
				.titled("Invalid resume point")
				.with("field", parameter);
		}
		return OptionalLong.of(Long.parseLong(value));
	}

}
