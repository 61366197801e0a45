package dev.baton.events;

import java.time.Duration;

import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the event log keeps events for clients to resume from.
 *
 * @param retention how old an event may get before it is pruned; a resume point older than
 * that gets {@code resync}
 * @param pruneInterval how often the log is pruned
 * @param pruneBatch how many events one pruning statement deletes, to keep each lock short
 */
@ConfigurationProperties("baton.events")
@Validated
public record RetentionProperties(@DefaultValue("7d") @DurationMin(millis = 1) Duration retention,
		@DefaultValue("10m") @DurationMin(millis = 1) Duration pruneInterval,
		@DefaultValue("1000") @Positive int pruneBatch) {
}
