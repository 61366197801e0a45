package dev.baton.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The relay's LISTEN connection.
 *
 * @param probeInterval how often the connection is checked with a query (a half-open connection
 * delivers no notifications and reports no error) and the log is read as a safety net
 * @param probeTimeout how long a probe or log read may take before the connection is replaced
 * @param minBackoff the first delay before reconnecting
 * @param maxBackoff the longest delay between reconnection attempts
 */
@ConfigurationProperties("baton.relay")
public record RelayProperties(@DefaultValue("10s") Duration probeInterval, @DefaultValue("5s") Duration probeTimeout,
		@DefaultValue("100ms") Duration minBackoff, @DefaultValue("10s") Duration maxBackoff) {
}
