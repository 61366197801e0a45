package dev.baton.events;

import java.time.Duration;

import dev.baton.support.IntegrationTest;
import dev.baton.support.Received.Event;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

// the test ages events in the log only, so they must not be replayed from memory instead
@TestPropertySource(properties = "baton.stream.replay-window=1")
class LogRetentionIntegrationTests extends IntegrationTest {

	@Autowired
	private LogRetention retention;

	@Test
	void eventsOlderThanTheRetentionArePrunedAndTheirResumePointsGetResyncThenLiveEvents() {
		String channel = newChannel();
		long oldest = postAndAwaitSeq(channel);
		for (int i = 0; i < 5; i++) {
			client().post(channel, "aging " + i, "x");
		}
		long newest = postAndAwaitSeq(channel);
		// time and seq grow together, so retention always removes the oldest part of the log
		this.db.sql("UPDATE update_events SET at = now() - interval '8 days' WHERE seq < :newest")
			.bind("newest", newest)
			.then()
			.block();

		assertThat(this.retention.prune().block()).isGreaterThanOrEqualTo(6L);

		long left = this.db.sql("SELECT count(*) AS left FROM update_events WHERE channel = :channel")
			.bind("channel", channel)
			.map(row -> row.get("left", Long.class))
			.one()
			.block();
		assertThat(left).isEqualTo(1);
		try (WsSubscriber ws = client().ws("/ws/updates?channels=" + channel + "&since=" + oldest)) {
			Event resync = ws.events().next(Duration.ofSeconds(10));
			assertThat(resync.type()).isEqualTo("resync");
			assertThat(resync.seq()).isGreaterThanOrEqualTo(newest);
			client().post(channel, "after the resync", "x");
			Event live = ws.events().next(Duration.ofSeconds(10));
			assertThat(live.type()).isEqualTo("updates_changed");
			assertThat(live.seq()).isGreaterThan(resync.seq());
		}
	}

}
