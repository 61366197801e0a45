package dev.baton.presence;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How presence is kept.
 *
 * @param enabled whether streams make their users present; off, no presence is written or sent
 * @param interval how often each instance writes its changes and reads those of the channels its
 * streams watch; a channel's {@code presence} events come at most this often
 * @param grace how long a user stays present after their last stream of a channel closed, and the
 * users of an instance that stopped: longer than clients take to reconnect, so that a reconnect or
 * a rolling deploy does not show them leaving and coming back
 * @param ttl how long an instance's users stay once it stops refreshing them (killed); it
 * refreshes every third of this
 * @param maxListed above this many users, {@code presence} events carry the counts only
 */
@ConfigurationProperties("baton.presence")
@Validated
public record PresenceProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("1s") @DurationMin(millis = 100) Duration interval,
		@DefaultValue("10s") @DurationMin(millis = 0) Duration grace, @DefaultValue("15s") @DurationMin(seconds = 1) Duration ttl,
		@DefaultValue("50") int maxListed) {
}
