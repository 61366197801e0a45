package dev.baton.bench;

import reactor.core.publisher.Mono;

/**
 * A push server under test: where subscribers connect and how a post is made. Baton and its peers,
 * the floor and Nchan, each implement it, so the same generators and the same checks apply to each.
 */
interface Target extends AutoCloseable {

	/** {@code baton}, {@code floor} or {@code nchan}; {@code module} for a module channel on Baton's server. */
	String name();

	/** Makes ready for a scenario (a fresh server where state would leak) and names its channel. */
	void prepare(Scenario scenario) throws Exception;

	String websocketUrl();

	String sseUrl();

	/** The feed fragment pages fetch, or empty where there is none. */
	String feedUrl();

	String user();

	String password();

	/** Whether subscribers resume from their last seq when they reconnect. */
	boolean resumes();

	/** Publishes the {@code index}-th post of the scenario; completes with its update id. */
	Mono<Long> publish(int index);

	/** Whether posts must go one at a time to keep their order (the peer has no seq of its own). */
	boolean sequentialPosts();

	/** The server's process id, or -1 when it runs elsewhere. */
	long pid();

	/** Server-side figures that only this target has (heap, GC, database), taken now. */
	ServerFigures figures();

	/** The server's live heap in KiB after a full GC, or -1 where it has no Java heap or runs elsewhere. */
	double liveHeapKiB();

	/** Stops what {@link #prepare} started for the scenario. */
	void finish();

	@Override
	void close();

}
