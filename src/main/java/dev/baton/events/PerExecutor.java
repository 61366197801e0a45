package dev.baton.events;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;

/**
 * Hands what one source emits to many receivers, grouped by the executor each is served on (the
 * event loop of its connection): each item crosses to each executor once and reaches every
 * receiver of that executor there. A receiver joins and leaves in constant time, however many
 * there are; a shared {@code Flux} instead copies the array of all its subscribers on every
 * subscription and cancellation, which made each stream's handshake cost in proportion to the
 * streams already open.
 * @param <T> what the source emits
 */
public final class PerExecutor<T> {

	private final Map<Executor, Set<Consumer<? super T>>> groups = new ConcurrentHashMap<>();

	private final Supplier<Flux<T>> source;

	/**
	 * @param source subscribed once for each executor, when its first receiver joins, and for as
	 * long as the instance lives, as the executors it is made for do
	 */
	public PerExecutor(Supplier<Flux<T>> source) {
		this.source = source;
	}

	/**
	 * Hands every item from now on to {@code receiver}, on {@code executor}, one of few and
	 * long-lived executors.
	 * @return leaves
	 */
	public Runnable join(Executor executor, Consumer<? super T> receiver) {
		Set<Consumer<? super T>> group = this.groups.computeIfAbsent(executor, this::open);
		group.add(receiver);
		return () -> group.remove(receiver);
	}

	/** How many receivers there are. */
	public int size() {
		return this.groups.values().stream().mapToInt(Set::size).sum();
	}

	private Set<Consumer<? super T>> open(Executor executor) {
		Set<Consumer<? super T>> group = ConcurrentHashMap.newKeySet();
		this.source.get().subscribe(item -> {
			try {
				executor.execute(() -> group.forEach(receiver -> receiver.accept(item)));
			}
			catch (RejectedExecutionException stopped) {
				// an event loop shutting down: its connections, and their streams, end with it
			}
		});
		return group;
	}

}
