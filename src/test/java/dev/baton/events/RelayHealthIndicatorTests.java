package dev.baton.events;

import java.time.Duration;
import java.time.Instant;

import dev.baton.support.SettableClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class RelayHealthIndicatorTests {

	private final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:00Z"));

	private final ListenConnectionState connection = new ListenConnectionState(this.clock);

	private final RelayHealthIndicator relay = new RelayHealthIndicator(this.connection,
			new RelayProperties(Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(10),
					Duration.ofSeconds(30)));

	@Test
	void upWhileListening() {
		this.connection.listening();
		assertThat(this.relay.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void startUpCountsAsAnOutageThatOnlyTurnsDownAfterTheGrace() {
		assertThat(this.relay.health().getStatus()).isEqualTo(Status.UP);
		this.clock.advance(Duration.ofSeconds(31));
		assertThat(this.relay.health().getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void downOnceTheConnectionIsLostLongerThanDownAfterAndUpWhenItListensAgain() {
		this.connection.listening();
		this.connection.lost();
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.relay.health().getStatus()).isEqualTo(Status.UP);
		this.clock.advance(Duration.ofSeconds(1));
		this.connection.lost();
		assertThat(this.relay.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(this.relay.health().getDetails()).containsEntry("downFor", "PT31S");
		this.connection.listening();
		assertThat(this.relay.health().getStatus()).isEqualTo(Status.UP);
	}

}
