package dev.baton.push;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class HeartbeatTests {

	@Test
	void beatsFillTheSilenceBetweenMessages() {
		StepVerifier.withVirtualTime(() -> Heartbeat.around(Flux.just("a").concatWith(Flux.never()), Duration.ofSeconds(15), () -> "beat"))
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
	void beatsStopWhenTheMessagesEnd() {
		Sinks.Many<String> messages = Sinks.many().unicast().onBackpressureBuffer();
		StepVerifier.withVirtualTime(() -> Heartbeat.around(messages.asFlux(), Duration.ofSeconds(15), () -> "beat"))
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
