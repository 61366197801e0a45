package dev.baton.events;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.context.SmartLifecycle;

/**
 * Work an instance does in the background from start-up to shutdown, such as relaying events or
 * pruning the log: its publisher is subscribed when the context starts and disposed when it
 * stops, and must not end on its own.
 */
public abstract class BackgroundWork implements SmartLifecycle {

	private volatile Disposable running;

	/** The work, subscribed once per start. */
	protected abstract Flux<?> work();

	@Override
	public void start() {
		this.running = work().subscribe();
	}

	@Override
	public void stop() {
		this.running.dispose();
	}

	@Override
	public boolean isRunning() {
		return this.running != null && !this.running.isDisposed();
	}

}
