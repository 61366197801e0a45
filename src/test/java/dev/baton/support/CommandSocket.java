package dev.baton.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

/**
 * A WebSocket that sends commands: its answers ({@code ack}, {@code error}) and its events
 * arrive on one socket and are told apart here.
 */
public final class CommandSocket implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private final WsSubscriber ws;

	private final List<JsonNode> events = new ArrayList<>();

	public CommandSocket(WsSubscriber ws) {
		this.ws = ws;
	}

	public WsSubscriber ws() {
		return this.ws;
	}

	/** Sends a command, built from alternating names and values. */
	public CommandSocket send(Object... fields) {
		Map<String, Object> command = new java.util.LinkedHashMap<>();
		for (int i = 0; i < fields.length; i += 2) {
			command.put((String) fields[i], fields[i + 1]);
		}
		return sendText(BatonClient.JSON.writeValueAsString(command));
	}

	public CommandSocket sendText(String text) {
		try {
			this.ws.socket().sendText(text, true).get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not send " + text, ex);
		}
		return this;
	}

	/** The next answer; events that arrive meanwhile are kept for {@link #events}. */
	public JsonNode answer() {
		while (true) {
			JsonNode message = this.ws.events().next(WAIT).json();
			String type = message.get("type").asString();
			if (type.equals("ack") || type.equals("error")) {
				return message;
			}
			this.events.add(message);
		}
	}

	/** The next {@code count} answers. */
	public List<JsonNode> answers(int count) {
		List<JsonNode> answers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			answers.add(answer());
		}
		return answers;
	}

	/** Waits for {@code count} events in all, answers meanwhile are an error. */
	public List<JsonNode> events(int count) {
		while (this.events.size() < count) {
			JsonNode message = this.ws.events().next(WAIT).json();
			if (!message.get("type").asString().equals("updates_changed")) {
				throw new AssertionError("expected an event, got " + message);
			}
			this.events.add(message);
		}
		return this.events;
	}

	@Override
	public void close() {
		this.ws.close();
	}

}
