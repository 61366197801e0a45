package dev.baton.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;

class PerExecutorTests {

	private final Sinks.Many<String> source = Sinks.many().multicast().directBestEffort();

	private final AtomicInteger subscriptions = new AtomicInteger();

	private final PerExecutor<String> receivers = new PerExecutor<>(
			() -> this.source.asFlux().doOnSubscribe(subscription -> this.subscriptions.incrementAndGet()));

	@Test
	void eachItemCrossesToEachExecutorOnceAndReachesEveryReceiverThere() {
		List<Runnable> first = new ArrayList<>();
		List<Runnable> second = new ArrayList<>();
		Executor firstLoop = first::add;
		Executor secondLoop = second::add;
		List<String> received = new ArrayList<>();
		this.receivers.join(firstLoop, item -> received.add("a " + item));
		this.receivers.join(firstLoop, item -> received.add("b " + item));
		this.receivers.join(secondLoop, item -> received.add("c " + item));

		this.source.tryEmitNext("one");

		assertThat(this.subscriptions).hasValue(2);
		assertThat(first).hasSize(1);
		assertThat(second).hasSize(1);
		assertThat(received).isEmpty();
		first.forEach(Runnable::run);
		assertThat(received).containsExactlyInAnyOrder("a one", "b one");
		second.forEach(Runnable::run);
		assertThat(received).containsExactlyInAnyOrder("a one", "b one", "c one");
	}

	@Test
	void aReceiverThatLeftGetsNothingMoreAndIsNoLongerCounted() {
		Executor direct = Runnable::run;
		List<String> received = new ArrayList<>();
		Runnable leave = this.receivers.join(direct, received::add);
		this.receivers.join(direct, item -> { });
		this.source.tryEmitNext("one");
		assertThat(this.receivers.size()).isEqualTo(2);

		leave.run();
		this.source.tryEmitNext("two");

		assertThat(received).containsExactly("one");
		assertThat(this.receivers.size()).isEqualTo(1);
		assertThat(this.subscriptions).hasValue(1);
	}

}
