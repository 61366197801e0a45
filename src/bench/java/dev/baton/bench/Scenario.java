package dev.baton.bench;

import java.util.List;

/**
 * One scenario: who subscribes and what is posted.
 *
 * @param name how it is selected ({@code -Dbench.scenarios=})
 * @param kind what it measures
 * @param subscribers how many subscribers (or page clients)
 * @param sseShare the share of them on SSE, the rest on WebSocket
 * @param posts how many posts (for the knee: per step)
 * @param rate posts per second (for the knee: of the first step)
 * @param durationSeconds how long an idle hold or a polling run lasts
 * @param stallEvery every how many-th subscriber stops reading (0: none)
 * @param fresh measured without warm-up posts, on the server just started for it (as every scenario's
 *     server is), as in the first minute after a deploy
 * @param description one line for the report
 */
record Scenario(String name, Kind kind, int subscribers, double sseShare, int posts, double rate, int durationSeconds,
		int stallEvery, boolean fresh, String description) {

	/**
	 * {@code HERD}: pages that fetch the feed fragment on every event (notify, then fetch);
	 * {@code PAGES}: pages given each item's HTML on their stream, beside the same number of
	 * id-only subscribers on the same server; {@code PUBLISH_THROUGHPUT}: module events published
	 * as fast as they are taken, through SQL and HTTP, for {@code durationSeconds} each, without
	 * subscribers; {@code PUBLISH_FANOUT}: module events to their subscribers, beside feed posts to
	 * as many on the same server; {@code PRESENCE_CHURN}: subscribers leaving and joining while
	 * posts are made ({@link PresenceChurn}), {@code PRESENCE_CHURN_OFF} the same on a server with
	 * presence turned off; {@code TYPING}: typists' {@code typing} commands to subscribers ({@link Typing}).
	 */
	enum Kind { FANOUT, IDLE, KNEE, STORM, HERD, PAGES, POLLING, PUBLISH_THROUGHPUT, PUBLISH_FANOUT, PRESENCE_CHURN,
		PRESENCE_CHURN_OFF, TYPING }

	static final List<Scenario> ALL = List.of(
			new Scenario("fanout-5k", Kind.FANOUT, 5_000, 0.25, 50, 10, 0, 0, false, "5,000 subscribers, one post every 100 ms, 50 posts"),
			new Scenario("fanout-5k-fresh", Kind.FANOUT, 5_000, 0.25, 50, 10, 0, 0, true, "fan-out 5k on a server just started, no warm-up"),
			new Scenario("fanout-19k", Kind.FANOUT, 19_000, 0.25, 20, 1, 0, 0, false, "19,000 subscribers, one post a second, 20 posts"),
			new Scenario("fanout-19k-fresh", Kind.FANOUT, 19_000, 0.25, 20, 1, 0, 0, true, "fan-out 19k on a server just started, no warm-up"),
			new Scenario("idle", Kind.IDLE, 19_000, 0.25, 0, 0, 60, 0, false, "19,000 idle subscribers held for 60 s"),
			new Scenario("knee", Kind.KNEE, 1_000, 0.25, 40, 10, 0, 0, false, "1,000 subscribers, post rate doubling until p99 > 100 ms"),
			new Scenario("stalled", Kind.FANOUT, 5_000, 0.25, 50, 10, 0, 100, false, "fan-out 5k, one subscriber in a hundred stops reading"),
			new Scenario("storm", Kind.STORM, 19_000, 0.25, 10, 2, 0, 0, false, "19,000 subscribers cut at once, all resume"),
			new Scenario("herd-fetch", Kind.HERD, 2_000, 0, 20, 1, 0, 0, false, "2,000 pages: on each event, fetch the feed fragment (mixed post sizes)"),
			new Scenario("herd", Kind.PAGES, 2_000, 0, 20, 1, 0, 0, false, "2,000 pages given each item's HTML on the stream, beside 2,000 id-only subscribers (mixed post sizes)"),
			new Scenario("herd-19k", Kind.PAGES, 19_000, 0, 20, 1, 0, 0, false, "19,000 pages given each item's HTML on the stream, beside 19,000 id-only subscribers (mixed post sizes)"),
			new Scenario("polling", Kind.POLLING, 1_000, 0.25, 0, 1, 30, 0, false, "1,000 clients: polling the feed each second vs subscribed"),
			new Scenario("publish-throughput", Kind.PUBLISH_THROUGHPUT, 0, 0, 0, 0, 10, 0, false, "module events of 1 KiB published for 10 s through SQL, then HTTP, no subscribers"),
			new Scenario("publish-fanout", Kind.PUBLISH_FANOUT, 1_000, 0.25, 100, 10, 0, 0, false, "1,000 subscribers of a module channel, 100 events of 1 KiB at 10/s over HTTP, beside 1,000 of the feed taking 100 posts at 10/s"),
			new Scenario("presence-churn", Kind.PRESENCE_CHURN, 19_000, 0.25, 0, 1, 30, 0, false, "19,000 subscribers, 50 per user (1,000 asking for presence), 200 leaving and 200 joining a second, one post a second for 30 s"),
			new Scenario("presence-churn-off", Kind.PRESENCE_CHURN_OFF, 19_000, 0.25, 0, 1, 30, 0, false, "presence-churn on a server with presence off (baton.presence.enabled=false)"),
			new Scenario("typing", Kind.TYPING, 1_000, 0, 0, 0, 20, 0, false, "1,000 WebSocket subscribers asking for typing, 100 typists each typing every 2 s for 20 s, all at once"));

	static Scenario named(String name, Settings.Overrides overrides) {
		Scenario scenario = ALL.stream()
			.filter((s) -> s.name.equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no scenario " + name + "; there are "
					+ ALL.stream().map(Scenario::name).toList()));
		return scenario.with(overrides);
	}

	private Scenario with(Settings.Overrides o) {
		return new Scenario(this.name, this.kind, (o.subscribers() != null) ? o.subscribers() : this.subscribers,
				(o.sseShare() != null) ? o.sseShare() : this.sseShare, (o.posts() != null) ? o.posts() : this.posts,
				(o.rate() != null) ? o.rate() : this.rate,
				(o.durationSeconds() != null) ? o.durationSeconds() : this.durationSeconds, this.stallEvery, this.fresh,
				this.description);
	}

	/** Whether its posts come in {@link PostMix}'s sizes (the page scenarios) instead of one short size. */
	boolean mixedPosts() {
		return this.kind == Kind.HERD || this.kind == Kind.PAGES;
	}

	/** Polling runs as many posts as fit its duration at its rate. */
	int postsOverDuration() {
		return (int) Math.max(1, Math.floor(this.durationSeconds * this.rate));
	}

}
