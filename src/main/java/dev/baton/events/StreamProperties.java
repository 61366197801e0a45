package dev.baton.events;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the shared stream buffers for each subscriber. The transports' own settings share the
 * {@code baton.stream} prefix but live with the transports.
 *
 * @param subscriberBuffer how many live events may wait for one slow subscriber before it is
 * sent {@code resync} and disconnected
 * @param replayWindow how many of the newest events are kept in memory, so that subscribers
 * resuming within them do not read the log
 */
@ConfigurationProperties("baton.stream")
@Validated
public record StreamProperties(@DefaultValue("256") @Min(1) @Max(1_000_000) int subscriberBuffer,
		@DefaultValue("1024") @Min(1) @Max(1_000_000) int replayWindow) {
}
