package dev.baton.events;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentEventsTests {

	private final RecentEvents recent = new RecentEvents(4);

	@Test
	void holdsNothingUntilTheFirstEvent() {
		assertThat(this.recent.after(0, Selection.of(Set.of(), channel -> true), Instant.EPOCH)).isEmpty();
	}

	@Test
	void replaysWhatFollowsAResumePointInsideTheWindow() {
		add(5, 6, 7);

		assertThat(seqs(this.recent.after(4, Selection.of(Set.of(), channel -> true), Instant.EPOCH).orElseThrow())).containsExactly(5L, 6L, 7L);
		assertThat(seqs(this.recent.after(6, Selection.of(Set.of(), channel -> true), Instant.EPOCH).orElseThrow())).containsExactly(7L);
		assertThat(this.recent.after(7, Selection.of(Set.of(), channel -> true), Instant.EPOCH)).hasValue(List.of());
	}

	@Test
	void aReplayShowsEachUpdateAsItsNewestEventDoesAndNoneOnceDeleted() {
		UpdateContent first = new UpdateContent("First", "body", "ana", Instant.EPOCH, null);
		UpdateContent second = new UpdateContent("Second", "body", "ana", Instant.EPOCH, Instant.EPOCH.plusSeconds(1));
		this.recent.add(new UpdateEvent(1, 7, "general", Action.CREATED, "ana", Instant.EPOCH, first));
		this.recent.add(new UpdateEvent(2, 8, "general", Action.CREATED, "ana", Instant.EPOCH, first));
		this.recent.add(new UpdateEvent(3, 7, "general", Action.EDITED, "ana", Instant.EPOCH, second));
		this.recent.add(new UpdateEvent(4, 8, "general", Action.DELETED, "ana", Instant.EPOCH, null));

		List<LoggedEvent> replayed = this.recent.after(0, Selection.of(Set.of(), channel -> true), Instant.EPOCH).orElseThrow();

		assertThat(replayed).extracting(LoggedEvent::seq).containsExactly(1L, 2L, 3L, 4L);
		assertThat(replayed).extracting(event -> ((UpdateEvent) event).content()).containsExactly(second, null, second, null);
	}

	@Test
	void resumePointsOutsideTheWindowReadTheLog() {
		add(5, 6, 7, 8, 9, 10);

		assertThat(seqs(this.recent.after(6, Selection.of(Set.of(), channel -> true), Instant.EPOCH).orElseThrow())).containsExactly(7L, 8L, 9L, 10L);
		assertThat(this.recent.after(5, Selection.of(Set.of(), channel -> true), Instant.EPOCH)).as("older than the window").isEmpty();
		assertThat(this.recent.after(11, Selection.of(Set.of(), channel -> true), Instant.EPOCH)).as("newer than anything published").isEmpty();
	}

	@Test
	void aGapForgetsWhatCameBeforeIt() {
		add(5, 6, 9);

		assertThat(this.recent.after(6, Selection.of(Set.of(), channel -> true), Instant.EPOCH)).isEmpty();
		assertThat(seqs(this.recent.after(8, Selection.of(Set.of(), channel -> true), Instant.EPOCH).orElseThrow())).containsExactly(9L);
	}

	@Test
	void eventsOlderThanTheRetentionAreLeftToTheLog() {
		add(5, 6, 7);

		assertThat(this.recent.after(4, Selection.of(Set.of(), channel -> true), Instant.EPOCH.plusSeconds(1))).isEmpty();
		assertThat(this.recent.after(7, Selection.of(Set.of(), channel -> true), Instant.EPOCH.plusSeconds(1))).hasValue(List.of());
	}

	@Test
	void onlyTheSubscribedChannels() {
		this.recent.add(new UpdateEvent(1, 1, "general", Action.CREATED, "ana", Instant.EPOCH));
		this.recent.add(new UpdateEvent(2, 2, "announcements", Action.CREATED, "ana", Instant.EPOCH));

		assertThat(seqs(this.recent.after(0, Selection.of(Set.of("announcements"), channel -> true), Instant.EPOCH).orElseThrow())).containsExactly(2L);
	}

	@Test
	void eachChannelKeepsItsOwnNewestEventsSoAChattyOneDoesNotPushAQuietOneOut() {
		this.recent.add(new UpdateEvent(1, 1, "general", Action.CREATED, "ana", Instant.EPOCH));
		for (long seq = 2; seq <= 20; seq++) {
			this.recent.add(new ChannelEvent(seq, "orders", "order.shipped", "{}", ChannelEvent.Publisher.token("orders"),
					Instant.EPOCH));
		}

		assertThat(seqs(this.recent.after(0, Selection.of(Set.of(), channel -> true), Instant.EPOCH).orElseThrow()))
			.as("the feed's, which the module's events are not").containsExactly(1L);
		assertThat(seqs(this.recent.after(0, Selection.of(Set.of("general"), channel -> true), Instant.EPOCH).orElseThrow()))
			.containsExactly(1L);
		assertThat(this.recent.after(0, Selection.of(Set.of("orders"), channel -> true), Instant.EPOCH))
			.as("orders has lost events after 0").isEmpty();
		assertThat(seqs(this.recent.after(16, Selection.of(Set.of("orders", "general"), channel -> true), Instant.EPOCH)
			.orElseThrow())).containsExactly(17L, 18L, 19L, 20L);
	}

	@Test
	void onlyTheChannelsItsReaderMayRead() {
		this.recent.add(new UpdateEvent(1, 1, "general", Action.CREATED, "ana", Instant.EPOCH));
		this.recent.add(new UpdateEvent(2, 2, "board", Action.CREATED, "ana", Instant.EPOCH));

		assertThat(seqs(this.recent.after(0, Selection.of(Set.of(), channel -> !channel.equals("board")), Instant.EPOCH)
			.orElseThrow())).containsExactly(1L);
	}

	private void add(long... seqs) {
		for (long seq : seqs) {
			this.recent.add(new UpdateEvent(seq, seq, "general", Action.CREATED, "ana", Instant.EPOCH));
		}
	}

	private static List<Long> seqs(List<LoggedEvent> events) {
		return events.stream().map(LoggedEvent::seq).toList();
	}

}
