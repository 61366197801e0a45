package dev.baton.events;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class UpdatesStreamTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final EventLog log = mock(EventLog.class);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final UpdatesStream stream = new UpdatesStream(this.log, new StreamProperties(4, 16),
			new RetentionProperties(Duration.ofDays(7), Duration.ofMinutes(10), 1000),
			new RelayProperties(Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofSeconds(10),
					Duration.ofSeconds(30)),
			this.meters);

	@Test
	void liveEventsReachOnlyTheirChannels() {
		StepVerifier.create(this.stream.subscribe(Selection.of(Set.of("general"), channel -> true), OptionalLong.empty(), UpdatesStream.AS_PUBLISHED))
			.then(() -> publish(1, "announcements"))
			.then(() -> publish(2, "general"))
			.assertNext(event -> assertThat(event.seq()).isEqualTo(2))
			.thenCancel()
			.verify(TIMEOUT);
	}

	@Test
	void acceptsNewSubscribersAfterTheLastOneLeft() {
		StepVerifier.create(this.stream.subscribe(Selection.of(Set.of(), channel -> true), OptionalLong.empty(), UpdatesStream.AS_PUBLISHED))
			.then(() -> publish(1, "general"))
			.expectNextCount(1)
			.thenCancel()
			.verify(TIMEOUT);
		publish(2, "general");

		StepVerifier.create(this.stream.subscribe(Selection.of(Set.of(), channel -> true), OptionalLong.empty(), UpdatesStream.AS_PUBLISHED))
			.then(() -> publish(3, "general"))
			.assertNext(event -> assertThat(event.seq()).isEqualTo(3))
			.thenCancel()
			.verify(TIMEOUT);
	}

	@Test
	void replayThenLiveSkipsWhatBothDelivered() {
		given(this.log.bounds()).willReturn(Mono.just(new EventLog.LogBounds(1, 3)));
		given(this.log.after(anyLong(), any(Selection.class))).willReturn(Flux.just(event(2, "general"), event(3, "general")));

		StepVerifier.create(this.stream.subscribe(Selection.of(Set.of(), channel -> true), OptionalLong.of(1), UpdatesStream.AS_PUBLISHED))
			.then(() -> publish(3, "general"))
			.then(() -> publish(4, "general"))
			.assertNext(event -> assertThat(event.seq()).isEqualTo(2))
			.assertNext(event -> assertThat(event.seq()).isEqualTo(3))
			.assertNext(event -> assertThat(event.seq()).isEqualTo(4))
			.thenCancel()
			.verify(TIMEOUT);
	}

	@Test
	void eventsPublishedWhileTheReplayIsReadArriveAfterIt() {
		given(this.log.bounds()).willReturn(Mono.just(new EventLog.LogBounds(1, 2)));
		given(this.log.after(anyLong(), any(Selection.class)))
			.willReturn(Mono.delay(Duration.ofMillis(200)).<LoggedEvent>thenReturn(event(2, "general")).flux());

		StepVerifier.create(this.stream.subscribe(Selection.of(Set.of(), channel -> true), OptionalLong.of(1), UpdatesStream.AS_PUBLISHED))
			.then(() -> publish(3, "general"))
			.then(() -> publish(4, "general"))
			.assertNext(event -> assertThat(event.seq()).isEqualTo(2))
			.assertNext(event -> assertThat(event.seq()).isEqualTo(3))
			.assertNext(event -> assertThat(event.seq()).isEqualTo(4))
			.thenCancel()
			.verify(TIMEOUT);
	}

	@Test
	void resumePointOutsideTheLogGetsResyncToTheNewestSeq() {
		given(this.log.bounds()).willReturn(Mono.just(new EventLog.LogBounds(50, 80)));

		StepVerifier.create(this.stream.subscribe(Selection.of(Set.of(), channel -> true), OptionalLong.of(3), UpdatesStream.AS_PUBLISHED))
			.expectNext(new Resync(80))
			.then(() -> publish(80, "general"))
			.then(() -> publish(81, "general"))
			.assertNext(event -> assertThat(event.seq()).isEqualTo(81))
			.thenCancel()
			.verify(TIMEOUT);
	}

	@Test
	void subscriberThatFallsBehindGetsResyncAndTheStreamEnds() {
		StepVerifier.create(this.stream.subscribe(Selection.of(Set.of(), channel -> true), OptionalLong.empty(), UpdatesStream.AS_PUBLISHED), 0)
			.then(() -> {
				for (int seq = 1; seq <= 100; seq++) {
					publish(seq, "general");
				}
			})
			.thenRequest(Long.MAX_VALUE)
			.expectNextCount(4)
			.expectNext(new Resync(100))
			.expectError(FellBehindException.class)
			.verify(TIMEOUT);
		assertThat(this.meters.counter("baton.stream.overflows").count()).isEqualTo(1);
	}

	@Test
	void resumingWithinTheRecentEventsDoesNotReadTheLog() {
		this.stream.remember(event(1, "general"));
		publish(2, "general");
		publish(3, "announcements");
		publish(4, "general");

		StepVerifier.create(this.stream.subscribe(Selection.of(Set.of("general"), channel -> true), OptionalLong.of(1), UpdatesStream.AS_PUBLISHED))
			.assertNext(event -> assertThat(event.seq()).isEqualTo(2))
			.assertNext(event -> assertThat(event.seq()).isEqualTo(4))
			.then(() -> publish(5, "general"))
			.assertNext(event -> assertThat(event.seq()).isEqualTo(5))
			.thenCancel()
			.verify(TIMEOUT);
		org.mockito.Mockito.verifyNoInteractions(this.log);
	}

	@Test
	void streamsCompleteWithoutResyncAtShutdown() {
		given(this.log.bounds()).willReturn(Mono.just(new EventLog.LogBounds(50, 80)));

		StepVerifier.create(this.stream.subscribe(Selection.of(Set.of(), channel -> true), OptionalLong.of(3), UpdatesStream.AS_PUBLISHED))
			.expectNext(new Resync(80))
			.then(this.stream::stop)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void streamsTakenWhileStoppedEndAtOnceUntilTheInstanceStartsAgain() {
		this.stream.stop();
		StepVerifier.create(this.stream.subscribe(Selection.of(Set.of(), channel -> true), OptionalLong.empty(), UpdatesStream.AS_PUBLISHED))
			.expectComplete()
			.verify(TIMEOUT);

		this.stream.start();
		StepVerifier.create(this.stream.subscribe(Selection.of(Set.of(), channel -> true), OptionalLong.empty(), UpdatesStream.AS_PUBLISHED))
			.then(() -> publish(1, "general"))
			.assertNext(event -> assertThat(event.seq()).isEqualTo(1))
			.then(this.stream::stop)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void subscribersAreCountedWhileTheyRead() {
		StepVerifier.create(this.stream.subscribe(Selection.of(Set.of(), channel -> true), OptionalLong.empty(), UpdatesStream.AS_PUBLISHED))
			.then(() -> assertThat(this.meters.get("baton.stream.subscribers").gauge().value()).isEqualTo(1))
			.thenCancel()
			.verify(TIMEOUT);
		assertThat(this.meters.get("baton.stream.subscribers").gauge().value()).isZero();
	}

	@Test
	void resumePointWaitsForTheRelaysHandOverThenIsTheNewestPublishedSeq() {
		StepVerifier.create(this.stream.resumePoint())
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(100))
			.then(() -> {
				this.stream.remember(event(80, "general"));
				this.stream.handedOver(80);
			})
			.expectNext(80L)
			.expectComplete()
			.verify(TIMEOUT);

		publish(81, "general");

		assertThat(this.stream.lastPublished()).hasValue(81);
		assertThat(this.stream.resumePoint().block(TIMEOUT)).isEqualTo(81);
		org.mockito.Mockito.verifyNoInteractions(this.log);
	}

	@Test
	void resumePointOfAnEmptyLogIsZero() {
		this.stream.handedOver(0);

		assertThat(this.stream.resumePoint().block(TIMEOUT)).isZero();
	}

	@Test
	void resumePointFailsWhenTheRelayHasNotHandedOverInTime() {
		StepVerifier.create(this.stream.resumePoint()).expectError(TimeoutException.class).verify(TIMEOUT);
	}

	@Test
	void streamTakenAtTheResumePointGetsWhatWasPublishedBeforeItAttached() {
		this.stream.handedOver(5);
		long accepted = this.stream.resumePoint().block(TIMEOUT);
		publish(6, "general");

		StepVerifier.create(this.stream.subscribe(Selection.of(Set.of(), channel -> true), OptionalLong.of(accepted), UpdatesStream.AS_PUBLISHED))
			.assertNext(event -> assertThat(event.seq()).isEqualTo(6))
			.then(() -> publish(7, "general"))
			.assertNext(event -> assertThat(event.seq()).isEqualTo(7))
			.thenCancel()
			.verify(TIMEOUT);
		org.mockito.Mockito.verifyNoInteractions(this.log);
	}

	@Test
	void resumingAheadOfThisInstanceSkipsWhatTheSubscriberHadSeen() {
		this.stream.handedOver(5);
		given(this.log.bounds()).willReturn(Mono.just(new EventLog.LogBounds(1, 8)));
		given(this.log.after(anyLong(), any(Selection.class))).willReturn(Flux.empty());

		StepVerifier.create(this.stream.subscribe(Selection.of(Set.of(), channel -> true), OptionalLong.of(8), UpdatesStream.AS_PUBLISHED))
			.then(() -> {
				for (int seq = 6; seq <= 9; seq++) {
					publish(seq, "general");
				}
			})
			.assertNext(event -> assertThat(event.seq()).isEqualTo(9))
			.thenCancel()
			.verify(TIMEOUT);
	}

	@Test
	void resumePointAheadOfTheLogGetsResyncToTheLogsEnd() {
		given(this.log.bounds()).willReturn(Mono.just(new EventLog.LogBounds(1, 3)));

		StepVerifier.create(this.stream.subscribe(Selection.of(Set.of(), channel -> true), OptionalLong.of(10), UpdatesStream.AS_PUBLISHED))
			.expectNext(new Resync(3))
			.then(() -> publish(4, "general"))
			.assertNext(event -> assertThat(event.seq()).isEqualTo(4))
			.thenCancel()
			.verify(TIMEOUT);
	}

	private void publish(long seq, String channel) {
		this.stream.publish(event(seq, channel));
	}

	private static UpdateEvent event(long seq, String channel) {
		return new UpdateEvent(seq, seq, channel, Action.CREATED, "ana", Instant.now());
	}

}
