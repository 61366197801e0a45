package dev.baton.updates;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.validation.annotation.Validated;

/**
 * How channels and their permissions are kept.
 *
 * @param refresh how often each instance looks whether channels or their permissions changed
 * through any instance; a withdrawn read permission ends the streams that named the channel
 * within this time
 */
@ConfigurationProperties("baton.channels")
@Validated
public record ChannelsProperties(@DefaultValue("2s") @DurationMin(millis = 100) Duration refresh) {
}
