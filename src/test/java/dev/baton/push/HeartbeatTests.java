package dev.baton.push;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class HeartbeatTests {

	@Test
	void beatsFillTheSilenceBetweenMessages() {
		StepVerifier.withVirtualTime(() -> new Heartbeat(Duration.ofSeconds(15)).around(Flux.just("a").concatWith(Flux.never()), () -> "beat"))
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
	void everyStreamBeatsOnTheOneSharedTimer() {
		StepVerifier.withVirtualTime(() -> {
			Heartbeat heartbeat = new Heartbeat(Duration.ofSeconds(15));
			return Flux.merge(heartbeat.around(Flux.never(), () -> "first"), heartbeat.around(Flux.never(), () -> "second"));
		})
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(15))
			.expectNextCount(2)
			.thenAwait(Duration.ofSeconds(15))
			.expectNextCount(2)
			.thenCancel()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void errorsEndTheBeatsToo() {
		StepVerifier.withVirtualTime(() -> new Heartbeat(Duration.ofSeconds(15))
			.around(Flux.<String>never().timeout(Duration.ofSeconds(20)), () -> "beat"))
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
		StepVerifier.withVirtualTime(() -> new Heartbeat(Duration.ofSeconds(15)).around(messages.asFlux(), () -> "beat"))
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
