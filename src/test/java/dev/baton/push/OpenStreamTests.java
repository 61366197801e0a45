package dev.baton.push;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.SignalType;

import static org.assertj.core.api.Assertions.assertThat;

class OpenStreamTests {

	private final AtomicInteger subscribers = new AtomicInteger();

	private final AtomicInteger streams = new AtomicInteger();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final Logger log = (Logger) LoggerFactory.getLogger(OpenStream.class);

	private Level level;

	@BeforeEach
	void quiet() {
		this.level = this.log.getLevel();
		this.log.setLevel(Level.WARN);
	}

	@AfterEach
	void restore() {
		this.log.setLevel(this.level);
	}

	@Test
	void aStreamIsCountedFromItsOpeningToItsClosing() {
		OpenStream stream = stream();
		stream.opened();
		assertThat(this.streams).hasValue(1);
		assertThat(this.subscribers).hasValue(1);

		stream.closed(SignalType.CANCEL);
		stream.closed(SignalType.CANCEL);
		assertThat(this.streams).hasValue(0);
		assertThat(this.subscribers).hasValue(0);
	}

	@Test
	void aStreamThatClosedBeforeItOpenedIsNeverCounted() {
		OpenStream stream = stream();
		stream.closed(SignalType.CANCEL);
		stream.opened();
		assertThat(this.streams).hasValue(0);
		assertThat(this.meters.counter("connects").count()).isZero();
	}

	// the connection may close on one thread while the stream subscribes on another
	@Test
	void openingAndClosingAtTheSameTimeLeaveNothingCounted() throws Exception {
		int count = 20_000;
		OpenStream[] all = new OpenStream[count];
		for (int i = 0; i < count; i++) {
			all[i] = stream();
		}
		// both threads act on stream i at once, and move on to the next when both are done
		AtomicInteger turn = new AtomicInteger();
		AtomicInteger done = new AtomicInteger();
		Thread opening = lockstep(count, turn, done, i -> all[i].opened());
		Thread closing = lockstep(count, turn, done, i -> all[i].closed(SignalType.CANCEL));
		opening.join();
		closing.join();

		assertThat(this.streams).hasValue(0);
		assertThat(this.subscribers).hasValue(0);
	}

	private static Thread lockstep(int count, AtomicInteger turn, AtomicInteger done, IntConsumer step) {
		Thread thread = new Thread(() -> {
			for (int i = 0; i < count; i++) {
				while (turn.get() < i) {
					Thread.onSpinWait();
				}
				step.accept(i);
				if (done.incrementAndGet() % 2 == 0) {
					turn.incrementAndGet();
				}
			}
		});
		thread.start();
		return thread;
	}

	private OpenStream stream() {
		return new OpenStream(Transport.SSE, "ana", Set.of(), OptionalLong.empty(), List.of(this.subscribers), this.streams,
				this.meters.counter("connects"), this.meters.counter("deliveries"), null);
	}

}
