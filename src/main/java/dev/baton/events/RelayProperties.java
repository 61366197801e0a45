package dev.baton.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The relay's LISTEN connection.
 *
 * @param probeInterval the longest a half-open connection (one that delivers no notifications and
 * reports no error) goes unnoticed: the log is read on it twice per interval, and a read that
 * takes half the interval replaces the connection
 * @param minBackoff the first delay before reconnecting
 * @param maxBackoff the longest delay between reconnection attempts
 */
@ConfigurationProperties("baton.relay")
public record RelayProperties(@DefaultValue("10s") Duration probeInterval, @DefaultValue("100ms") Duration minBackoff,
		@DefaultValue("10s") Duration maxBackoff) {
}
