package dev.baton.push;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import dev.baton.events.Selection;
import dev.baton.events.UpdatesStream;
import dev.baton.limits.StreamPermits;
import dev.baton.presence.Presence;
import dev.baton.presence.Signals;
import dev.baton.security.Revocations;
import dev.baton.updates.Channel;
import dev.baton.updates.Channels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

class SubscriptionsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final UpdatesStream stream = mock(UpdatesStream.class);

	private final Channels channels = mock(Channels.class);

	private final Revocations revocations = mock(Revocations.class);

	private final Presence presence = mock(Presence.class);

	private final Subscriptions subscriptions = new Subscriptions(this.stream, this.channels,
			new OpenStreams(new SimpleMeterRegistry(), mock(StreamPermits.class)), this.revocations, this.presence,
			new Signals());

	private final MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));

	private final Authentication ana = UsernamePasswordAuthenticationToken.authenticated("ana", null, List.of());

	@BeforeEach
	void knownChannelsAndAStream() {
		given(this.channels.requireReadable(any(), any())).willReturn(Mono.just(new Channel("general", "", false, Channel.FEED)));
		given(this.channels.readWithdrawn(any(), any())).willReturn(Mono.never());
		given(this.channels.ready()).willReturn(Mono.empty());
		given(this.stream.subscribe(any(Selection.class), any(), any())).willReturn(Flux.never());
		given(this.revocations.signIn(any(), any())).willReturn(Mono.just(new Revocations.SignIn("ana", null, false)));
		given(this.revocations.ended(any())).willReturn(Mono.never());
		given(this.presence.join(any(), any())).willReturn(() -> {
		});
	}

	// before the relay's hand-over, events committed since the log was last read reach no stream
	@Test
	void aStreamWithItsOwnResumePointAlsoWaitsForTheRelaysHandOver() {
		given(this.stream.resumePoint()).willReturn(Mono.delay(Duration.ofMillis(300)).thenReturn(80L));

		StepVerifier.create(this.subscriptions.open(Transport.SSE, this.exchange, UpdatesStream.AS_PUBLISHED, this.ana, "general", "42", "lastEventId", null))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(200))
			.expectNextCount(1)
			.expectComplete()
			.verify(TIMEOUT);
		verify(this.stream).subscribe(any(Selection.class), eq(OptionalLong.of(42)), eq(UpdatesStream.AS_PUBLISHED));
	}

	@Test
	void aResumePointOfDigitsOtherThanAsciiIsABadRequest() {
		given(this.stream.resumePoint()).willReturn(Mono.just(80L));

		for (String digits : new String[] { "\u0663", "4\u0662", "\uFF11", "\u096A" }) {
			assertThatThrownBy(() -> this.subscriptions.open(Transport.SSE, this.exchange, UpdatesStream.AS_PUBLISHED, this.ana, null, digits, "Last-Event-ID", null))
				.isInstanceOfSatisfying(ErrorResponseException.class, refused -> {
					assertThat(refused.getStatusCode().value()).isEqualTo(400);
					assertThat(refused.getBody().getDetail()).startsWith("Last-Event-ID must be a non-negative integer");
				});
		}
	}

	@Test
	void anIncludeOtherThanItsValuesIsABadRequest() {
		given(this.stream.resumePoint()).willReturn(Mono.just(80L));

		for (String include : new String[] { "json", "html,body", "HTML", " ", "presence,typos" }) {
			assertThatThrownBy(() -> this.subscriptions.open(Transport.SSE, this.exchange, UpdatesStream.AS_PUBLISHED, this.ana, null, null, "lastEventId", include))
				.isInstanceOfSatisfying(ErrorResponseException.class, refused -> {
					assertThat(refused.getStatusCode().value()).isEqualTo(400);
					assertThat(refused.getBody().getTitle()).isEqualTo("Unknown include");
					assertThat(refused.getBody().getProperties()).containsEntry("field", "include");
				});
		}
		StepVerifier.create(this.subscriptions.open(Transport.SSE, this.exchange, UpdatesStream.AS_PUBLISHED, this.ana, null, null, "lastEventId", "html"))
			.assertNext(subscription -> assertThat(subscription.html()).isTrue())
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void aStreamWithoutAResumePointStartsAtTheNewestPublishedSeq() {
		given(this.stream.resumePoint()).willReturn(Mono.just(80L));

		StepVerifier.create(this.subscriptions.open(Transport.WEBSOCKET, this.exchange, UpdatesStream.AS_PUBLISHED, this.ana, null, null, "since", null))
			.expectNextCount(1)
			.expectComplete()
			.verify(TIMEOUT);
		verify(this.stream).subscribe(any(Selection.class), eq(OptionalLong.of(80)), eq(UpdatesStream.AS_PUBLISHED));
	}

	@Test
	void aStreamEndsWithTheReasonItsSignInEnded() {
		given(this.stream.resumePoint()).willReturn(Mono.just(80L));
		given(this.revocations.ended(any())).willReturn(Mono.delay(Duration.ofMillis(100)).thenReturn("signed out"));

		StepVerifier.create(this.subscriptions.open(Transport.SSE, this.exchange, UpdatesStream.AS_PUBLISHED, this.ana, null, null, "lastEventId", null)
			.flatMapMany(Subscriptions.Subscription::events))
			.expectErrorSatisfies(ended -> assertThat(ended).isInstanceOf(StreamEndedException.class).hasMessage("signed out"))
			.verify(TIMEOUT);
	}

}
