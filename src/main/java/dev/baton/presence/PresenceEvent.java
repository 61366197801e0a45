package dev.baton.presence;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code {"type":"presence","channel":"general","user_count":2,"connection_count":3,"users":[…]}}:
 * a channel's presence, as a stream that asked for it gets it.
 */
@JsonPropertyOrder({ "type" })
record PresenceEvent(@JsonUnwrapped ChannelPresence presence) {

	@JsonProperty("type")
	String type() {
		return Signal.Kind.PRESENCE.wireName();
	}

}
