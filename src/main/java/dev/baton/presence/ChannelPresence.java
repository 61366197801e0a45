package dev.baton.presence;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Who is in a channel, or online, through every instance.
 *
 * @param channel the channel; null for being online
 * @param userCount how many users
 * @param connectionCount how many of their streams are open
 * @param users the users by name, each with their open streams (0 in the grace period after
 * their last); null when there are too many to list
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "channel", "user_count", "connection_count", "users" })
public record ChannelPresence(String channel, @JsonProperty("user_count") int userCount,
		@JsonProperty("connection_count") long connectionCount, List<Present> users) {

	/**
	 * One user who is here.
	 *
	 * @param name the user's name
	 * @param connections their open streams here, through every instance
	 */
	public record Present(String name, long connections) {
	}

}
