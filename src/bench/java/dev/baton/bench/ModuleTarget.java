package dev.baton.bench;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * A module channel on Baton's server, as a target of its own: its subscribers name the channel,
 * and its posts are events a service publishes on it with a token
 * ({@code POST /api/channels/orders/events}), each with {@value #DATA_BYTES} bytes of data. The
 * server, its database and its figures are those of the {@link BatonTarget} it lives on, which
 * starts and stops them. A post is known by its event's seq, since a module's event has no
 * update id.
 */
final class ModuleTarget implements Target {

	/** The module channel, as the README's example names it. */
	static final String CHANNEL = "orders";

	static final String EVENT = "order.shipped";

	/** The size of each event's data as sent: 1 KiB of JSON. */
	static final int DATA_BYTES = 1024;

	private final BatonTarget baton;

	private String token;

	ModuleTarget(BatonTarget baton) {
		this.baton = baton;
	}

	/**
	 * The data of the {@code index}-th event: its number, padded to {@value #DATA_BYTES} bytes of
	 * JSON. (The database keeps it as jsonb, which writes it back with a space after each colon.)
	 */
	static String data(int index) {
		String head = "{\"order\":" + index + ",\"note\":\"";
		return head + "x".repeat(DATA_BYTES - head.length() - 2) + "\"}";
	}

	@Override
	public String name() {
		return "module";
	}

	/** Creates the channel, and the token that publishes on it, on the server {@code baton} has started. */
	@Override
	public void prepare(Scenario scenario) {
		created("POST /api/channels", Http.post(this.baton.base() + "/api/channels", this.baton.admin(),
				"application/json", "{\"name\":\"" + CHANNEL + "\",\"kind\":\"module\"}"));
		Http.Answer token = created("POST /api/tokens", Http.post(this.baton.base() + "/api/tokens", this.baton.admin(),
				"application/json", "{\"name\":\"bench\",\"publish\":[\"" + CHANNEL + "\"],\"read\":[\"" + CHANNEL + "\"]}"));
		this.token = Wire.text(token.body(), "token");
	}

	private static Http.Answer created(String request, Mono<Http.Answer> answer) {
		Http.Answer created = answer.block(Duration.ofSeconds(30));
		if (created == null || created.status() != 201) {
			throw new IllegalStateException(request + " answered " + created);
		}
		return created;
	}

	@Override
	public String websocketUrl() {
		return BatonTarget.websocketUrl(this.baton.base(), CHANNEL);
	}

	@Override
	public String sseUrl() {
		return BatonTarget.sseUrl(this.baton.base(), CHANNEL);
	}

	@Override
	public String feedUrl() {
		return "";
	}

	// the subscribers are the feed's member, who reads a module channel by default
	@Override
	public String user() {
		return this.baton.user();
	}

	@Override
	public String password() {
		return this.baton.password();
	}

	@Override
	public boolean resumes() {
		return true;
	}

	@Override
	public boolean sequentialPosts() {
		return false;
	}

	/** Publishes the {@code index}-th event over HTTP; completes with its seq. */
	@Override
	public Mono<Long> publish(int index) {
		return Http.post(this.baton.base() + "/api/channels/" + CHANNEL + "/events", "Bearer " + this.token,
				"application/json", "{\"event\":\"" + EVENT + "\",\"data\":" + data(index) + "}")
			.map((answer) -> {
				if (answer.status() != 201) {
					throw new IllegalStateException("POST /api/channels/" + CHANNEL + "/events answered " + answer.status()
							+ " " + answer.body());
				}
				return Wire.number(answer.body(), "seq");
			});
	}

	@Override
	public long pid() {
		return this.baton.pid();
	}

	@Override
	public ServerFigures figures() {
		return this.baton.figures();
	}

	@Override
	public double liveHeapKiB() {
		return this.baton.liveHeapKiB();
	}

	// the server is the BatonTarget's
	@Override
	public void finish() {
	}

	@Override
	public void close() {
	}

}
