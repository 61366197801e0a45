package dev.baton.events;

/**
 * Something an instance hears from the others through PostgreSQL's NOTIFY, on the relay's LISTEN
 * connection. What is sent while that connection is being replaced is lost: a listener must be
 * fine with that, as signals that the next one replaces are.
 */
public interface NotificationListener {

	/** The notification channel, which the relay LISTENs to. */
	String channel();

	/** One notification's payload, on the relay's thread: quick, and never throwing. */
	void notified(String payload);

}
