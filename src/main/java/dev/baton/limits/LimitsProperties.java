package dev.baton.limits;

import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits that keep one client from hurting the others.
 *
 * @param postsPerMinute updates one user may create in any minute, through all instances together;
 * more get 429 with Retry-After
 * @param changesPerMinute edits and deletes one user may make in any minute, through all instances
 * together, apart from their posts; more get 429 with Retry-After
 * @param streamsPerUser SSE and WebSocket streams one user may hold open at once on one instance
 * @param connections streams the whole instance holds open at once; more get 503 (close 1013)
 * @param publishesPerSecond events one user or service token may publish per second through one
 * instance, in bursts of as many; more get 429 with Retry-After
 */
@ConfigurationProperties("baton.limits")
@Validated
public record LimitsProperties(@DefaultValue("30") @Positive int postsPerMinute,
		@DefaultValue("60") @Positive int changesPerMinute, @DefaultValue("20") @Positive int streamsPerUser,
		@DefaultValue("10000") @Positive int connections, @DefaultValue("200") @Positive int publishesPerSecond) {
}
