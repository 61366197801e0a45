package dev.baton.presence;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.baton.events.UpdatesStream;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class SignalsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final JsonMapper json = JsonMapper.builder().build();

	private final Signals signals = new Signals();

	@Test
	void eachStreamGetsWhatItAskedForInChannelsItMayRead() {
		Interest general = interest(Set.of(Signal.Kind.PRESENCE, Signal.Kind.TYPING), Set.of("general"));
		assertThat(general.wants(presence("general"))).isTrue();
		assertThat(general.wants(presence("random"))).isFalse();
		assertThat(general.wants(presence(null))).isFalse();
		assertThat(general.wants(typing("general"))).isTrue();
		assertThat(general.wants(unread("general", "bob"))).isFalse();

		Interest feed = interest(Set.of(Signal.Kind.values()), Set.of());
		assertThat(feed.wants(presence(null))).isTrue();
		assertThat(feed.wants(presence("general"))).isFalse();
		assertThat(feed.wants(typing("general"))).isTrue();
		// typing in a module channel reaches only streams that name it
		assertThat(feed.wants(typing("orders"))).isFalse();
		assertThat(feed.wants(unread("random", "bob"))).isTrue();
		assertThat(feed.wants(unread("random", "ana"))).as("her own post").isFalse();
		assertThat(feed.wants(typing("secret"))).as("a channel she may not read").isFalse();
		assertThat(feed.wants(unread("secret", "bob"))).isFalse();
	}

	@Test
	void aStreamThatWatchesAChannelGetsItsNewestPresenceFirst() {
		Interest general = interest(Set.of(Signal.Kind.PRESENCE), Set.of("general"));
		StepVerifier.create(this.signals.subscribe(general, UpdatesStream.AS_PUBLISHED))
			.then(() -> this.signals.presence("general", presence("general")))
			.expectNextCount(1)
			.thenCancel()
			.verify(TIMEOUT);
		assertThat(this.signals.watched()).as("forgotten once nobody watches").isEmpty();

		try (var watching = new Watching(general)) {
			Signal newest = presence("general");
			this.signals.presence("general", newest);
			StepVerifier.create(this.signals.subscribe(general, UpdatesStream.AS_PUBLISHED))
				.expectNext(newest)
				.thenCancel()
				.verify(TIMEOUT);
			assertThat(this.signals.watched()).containsExactly("general");
		}
	}

	@Test
	void aStreamThatDoesNotReadKeepsOnlyTheNewestSignals() {
		Interest general = interest(Set.of(Signal.Kind.TYPING), Set.of("general"));
		List<Signal> sent = java.util.stream.IntStream.range(0, Signals.BUFFER + 8).mapToObj(i -> typing("general")).toList();
		StepVerifier.create(this.signals.subscribe(general, UpdatesStream.AS_PUBLISHED), 0)
			.then(() -> sent.forEach(this.signals::emit))
			.thenRequest(Long.MAX_VALUE)
			.expectNextSequence(sent.subList(8, sent.size()))
			.thenCancel()
			.verify(TIMEOUT);
	}

	private Interest interest(Set<Signal.Kind> kinds, Set<String> channels) {
		return new Interest(kinds, channels, "ana", channel -> !channel.equals("secret"),
				channel -> !channel.equals("orders"));
	}

	private Signal presence(String channel) {
		return Signal.of(Signal.Kind.PRESENCE, channel, null, Map.of("type", "presence"), this.json);
	}

	private Signal typing(String channel) {
		return Signal.of(Signal.Kind.TYPING, channel, null, Map.of("type", "typing"), this.json);
	}

	private Signal unread(String channel, String author) {
		return Signal.of(Signal.Kind.UNREAD, channel, author, Map.of("type", "unread"), this.json);
	}

	/** A stream that watches while the test runs. */
	private final class Watching implements AutoCloseable {

		private final reactor.core.Disposable subscription;

		Watching(Interest interest) {
			this.subscription = SignalsTests.this.signals.subscribe(interest, UpdatesStream.AS_PUBLISHED).subscribe();
		}

		@Override
		public void close() {
			this.subscription.dispose();
		}

	}

}
