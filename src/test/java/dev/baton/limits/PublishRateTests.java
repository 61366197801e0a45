package dev.baton.limits;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;

class PublishRateTests {

	private final AtomicLong now = new AtomicLong();

	private final PublishRate rate = new PublishRate(3, this.now::get);

	@Test
	void aPublisherHasABurstOfOneSecondsWorthThenItsRate() {
		for (int i = 0; i < 3; i++) {
			StepVerifier.create(this.rate.acquire("token:orders")).verifyComplete();
		}
		StepVerifier.create(this.rate.acquire("token:orders")).verifyErrorSatisfies(refused -> {
			ErrorResponseException problem = (ErrorResponseException) refused;
			assertThat(problem.getStatusCode().value()).isEqualTo(429);
			assertThat(problem.getHeaders().getFirst("Retry-After")).isEqualTo("1");
			assertThat(problem.getBody().getDetail()).isEqualTo("At most 3 events per second; retry in 1 s");
		});
		StepVerifier.create(this.rate.acquire("user:ana")).as("another publisher's own").verifyComplete();

		this.now.addAndGet(Duration.ofMillis(340).toNanos());
		StepVerifier.create(this.rate.acquire("token:orders")).as("a third of a second later, one").verifyComplete();
		StepVerifier.create(this.rate.acquire("token:orders")).verifyError(ErrorResponseException.class);
	}

}
