package dev.baton.push;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long an HTTP connection may keep the server waiting for a request; past either limit the
 * connection is closed. An open stream (SSE or WebSocket) is an answer in progress, and neither
 * applies to it.
 *
 * @param headerTimeout the longest a request's line and headers may take to arrive, counted from
 * the connection's opening for its first request and from the first byte of each later one
 * @param idleTimeout the longest a kept-alive connection may wait for its next request
 */
@ConfigurationProperties("baton.connection")
@Validated
public record ConnectionProperties(@DefaultValue("10s") @DurationMin(millis = 1) Duration headerTimeout,
		@DefaultValue("60s") @DurationMin(millis = 1) Duration idleTimeout) {
}
