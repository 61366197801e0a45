package dev.baton.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the operator's page shows, once a second, as the {@code figures} SSE event.
 *
 * @param at when these figures were taken
 * @param streams SSE and WebSocket streams open on this instance
 * @param subscribers open streams by transport and channel, where the transports report them
 * @param eventsPerSecond events relayed into this instance's stream over the last second
 * @param events events relayed since the page's figures started
 * @param relayLagMillis the longest time from commit to relay among the last second's events, or
 * {@code null} when there were none
 * @param health this instance's health ({@code UP}, {@code DOWN}, {@code OUT_OF_SERVICE})
 * @param components the state of each health component that decides it
 */
record Figures(Instant at, int streams, List<Subscribers> subscribers,
		@JsonProperty("events_per_second") double eventsPerSecond, long events,
		@JsonProperty("relay_lag_ms") Long relayLagMillis, String health, Map<String, String> components) {

	/**
	 * Open streams of one transport on one channel.
	 *
	 * @param transport {@code websocket} or {@code sse}
	 * @param channel the channel, or {@code *} for streams of every channel
	 * @param count how many are open
	 */
	record Subscribers(String transport, String channel, long count) {
	}

}
