package dev.baton.push;

/** How a stream reaches its client; the {@code transport} tag of the stream metrics and logs. */
enum Transport {

	SSE("sse"), WEBSOCKET("websocket");

	private final String tag;

	Transport(String tag) {
		this.tag = tag;
	}

	String tag() {
		return this.tag;
	}

}
