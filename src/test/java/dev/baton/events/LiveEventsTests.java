package dev.baton.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import io.netty.util.concurrent.DefaultEventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiveEventsTests {

	private static final int EVENTS = 1000;

	private final LiveEvents live = new LiveEvents();

	private final DefaultEventExecutor loop = new DefaultEventExecutor();

	@AfterEach
	void stopLoop() {
		this.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
	}

	@Test
	void subscribersOnAnEventLoopGetEveryEventInOrderOnThatLoop() throws Exception {
		List<Long> seqs = new CopyOnWriteArrayList<>();
		List<Thread> threads = new CopyOnWriteArrayList<>();
		this.loop.submit(() -> this.live.here().subscribe(event -> {
			seqs.add(event.seq());
			threads.add(Thread.currentThread());
		})).get(5, TimeUnit.SECONDS);
		Thread loopThread = this.loop.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);

		LongStream.rangeClosed(1, EVENTS).forEach(seq -> this.live.publish(event(seq)));
		// the loop runs its tasks in the order they came: this one after the last delivery
		this.loop.submit(() -> { }).get(5, TimeUnit.SECONDS);

		assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, EVENTS).boxed().toList());
		assertThat(threads).containsOnly(loopThread);
	}

	@Test
	void subscribersOffAnyEventLoopGetEachEventAsItIsPublished() {
		List<Long> seqs = new ArrayList<>();
		this.live.here().subscribe(event -> seqs.add(event.seq()));

		this.live.publish(event(1));

		assertThat(seqs).containsExactly(1L);
	}

	private static UpdateEvent event(long seq) {
		return new UpdateEvent(seq, seq, "general", Action.CREATED, "ana", Instant.now());
	}

}
