package dev.baton.push;

import java.time.Duration;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class HeartbeatTests {

	@Test
	void beatsFillTheSilenceBetweenMessages() {
		StepVerifier.withVirtualTime(() -> new Heartbeat(Duration.ofSeconds(15)).around(Flux.just("a").concatWith(Flux.never()), () -> "beat", Runnable::run))
			.expectSubscription()
			.expectNext("a")
			.thenAwait(Duration.ofSeconds(15))
			.expectNext("beat")
			.thenAwait(Duration.ofSeconds(15))
			.expectNext("beat")
			.thenCancel()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void everyStreamOfAnEventLoopBeatsOnItsOneTimer() {
		StepVerifier.withVirtualTime(() -> {
			Heartbeat heartbeat = new Heartbeat(Duration.ofSeconds(15));
			Executor loop = Runnable::run;
			return Flux.merge(heartbeat.around(Flux.never(), () -> "early", loop),
					heartbeat.around(Flux.<String>never(), () -> "late", loop).delaySubscription(Duration.ofSeconds(5)));
		})
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(15))
			// the stream that came 5 s later beats on the same tick, not 15 s after it came
			.recordWith(java.util.ArrayList::new)
			.expectNextCount(2)
			.consumeRecordedWith(beats -> org.assertj.core.api.Assertions.assertThat(beats)
				.containsExactlyInAnyOrder("early", "late"))
			.expectNoEvent(Duration.ofSeconds(10))
			.thenCancel()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void errorsEndTheBeatsToo() {
		StepVerifier.withVirtualTime(() -> new Heartbeat(Duration.ofSeconds(15))
			.around(Flux.<String>never().timeout(Duration.ofSeconds(20)), () -> "beat", Runnable::run))
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(15))
			.expectNext("beat")
			.thenAwait(Duration.ofSeconds(5))
			.expectError(java.util.concurrent.TimeoutException.class)
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void beatsStopWhenTheMessagesEnd() {
		Sinks.Many<String> messages = Sinks.many().unicast().onBackpressureBuffer();
		StepVerifier.withVirtualTime(() -> new Heartbeat(Duration.ofSeconds(15)).around(messages.asFlux(), () -> "beat", Runnable::run))
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(15))
			.expectNext("beat")
			.then(() -> messages.tryEmitNext("resync"))
			.expectNext("resync")
			.then(messages::tryEmitComplete)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

}
