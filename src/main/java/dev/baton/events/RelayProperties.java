package dev.baton.events;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The relay's LISTEN connection.
 *
 * @param probeInterval the longest a half-open connection (one that delivers no notifications and
 * reports no error) goes unnoticed: the log is read on it twice per interval, and a read that
 * takes half the interval replaces the connection
 * @param minBackoff the first delay before reconnecting
 * @param maxBackoff the longest delay between reconnection attempts
 * @param downAfter how long the connection may be down before the {@code relay} health component
 * reports {@code DOWN}: brief reconnections are normal, a long outage means events are not relayed
 */
@ConfigurationProperties("baton.relay")
@Validated
public record RelayProperties(@DefaultValue("10s") @DurationMin(millis = 2) Duration probeInterval,
		@DefaultValue("100ms") @DurationMin(millis = 1) Duration minBackoff,
		@DefaultValue("10s") @DurationMin(millis = 1) Duration maxBackoff,
		@DefaultValue("30s") @DurationMin(millis = 1) Duration downAfter) {
}
