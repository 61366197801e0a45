package dev.baton.events;

/**
 * Ends a subscriber's stream after its {@link Resync}, because it fell
 * {@code baton.stream.subscriber-buffer} events behind. A stream that completes instead ended
 * because the instance is shutting down.
 */
public final class FellBehindException extends RuntimeException {

	FellBehindException() {
		super("subscriber fell behind", null, false, false);
	}

}
