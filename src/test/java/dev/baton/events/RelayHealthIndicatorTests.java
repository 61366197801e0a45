package dev.baton.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class RelayHealthIndicatorTests {

	private Instant now = Instant.parse("2026-11-23T10:00:00Z");

	private final ListenConnectionState connection = new ListenConnectionState(new Clock() {

		@Override
		public Instant instant() {
			return RelayHealthIndicatorTests.this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	});

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
		this.now = this.now.plusSeconds(31);
		assertThat(this.relay.health().getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void downOnceTheConnectionIsLostLongerThanDownAfterAndUpWhenItListensAgain() {
		this.connection.listening();
		this.connection.lost();
		this.now = this.now.plusSeconds(30);
		assertThat(this.relay.health().getStatus()).isEqualTo(Status.UP);
		this.now = this.now.plusSeconds(1);
		this.connection.lost();
		assertThat(this.relay.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(this.relay.health().getDetails()).containsEntry("downFor", "PT31S");
		this.connection.listening();
		assertThat(this.relay.health().getStatus()).isEqualTo(Status.UP);
	}

}
