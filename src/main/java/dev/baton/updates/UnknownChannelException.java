package dev.baton.updates;

import dev.baton.problems.Problem;

import org.springframework.http.HttpStatus;

/** A request named a channel that does not exist. */
public class UnknownChannelException extends Problem {

	UnknownChannelException(String channel) {
		super(HttpStatus.BAD_REQUEST, "Unknown channel '%s'".formatted(channel));
		titled("Unknown channel").with("field", "channel");
	}

}
