package dev.baton.events;

import java.time.Duration;
import java.util.Optional;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code relay} health component: {@code DOWN} once the LISTEN connection has been down
 * longer than {@code baton.relay.down-after}. Shorter outages are reconnections the relay rides
 * out by itself (it catches up from the log), so they leave it {@code UP}.
 */
@Component
class RelayHealthIndicator implements HealthIndicator {

	private final ListenConnectionState connection;

	private final Duration downAfter;

	RelayHealthIndicator(ListenConnectionState connection, RelayProperties properties) {
		this.connection = connection;
		this.downAfter = properties.downAfter();
	}

	@Override
	public Health health() {
		Optional<Duration> down = this.connection.downFor();
		if (down.isEmpty()) {
			return Health.up().withDetail("listening", true).build();
		}
		Health.Builder health = down.get().compareTo(this.downAfter) > 0 ? Health.down() : Health.up();
		return health.withDetail("listening", false).withDetail("downFor", down.get().toString()).build();
	}

}
