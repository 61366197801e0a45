package dev.baton.presence;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;

/**
 * An event that is not in the log: {@code presence}, {@code typing} or {@code unread}. It has no
 * {@code seq}, so it never moves a client's resume point, and it is never replayed: a stream that
 * missed one gets the next. Encoded once, when it is made, for every stream that gets it.
 */
public final class Signal {

	private final Kind kind;

	private final String channel;

	private final String author;

	private final byte[] json;

	private final byte[] sse;

	private Signal(Kind kind, String channel, String author, byte[] json) {
		this.kind = kind;
		this.channel = channel;
		this.author = author;
		this.json = json;
		String type = kind.wireName();
		this.sse = ("event:" + type + "\ndata:" + new String(json, StandardCharsets.UTF_8) + "\n\n")
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * @param kind what it tells
	 * @param channel the channel it is about; null for being online
	 * @param author who made what it tells of, if a stream of theirs should not get it
	 * @param body its JSON, with its {@code type}
	 */
	static Signal of(Kind kind, String channel, String author, Object body, JsonMapper json) {
		return new Signal(kind, channel, author, json.writeValueAsBytes(body));
	}

	public Kind kind() {
		return this.kind;
	}

	/** The channel it is about; null for being online. */
	public String channel() {
		return this.channel;
	}

	String author() {
		return this.author;
	}

	/** The JSON of a WebSocket text frame; not to be modified. */
	public byte[] json() {
		return this.json;
	}

	/** A complete SSE frame, without an {@code id:}; not to be modified. */
	public byte[] sse() {
		return this.sse;
	}

	/** What a stream asks for with {@code include=}, each a kind of signal. */
	public enum Kind {

		/** Who is in a channel (or online), coalesced per channel. */
		PRESENCE,

		/** Who is typing in a channel, coalesced per channel. */
		TYPING,

		/** An update created by someone else in a feed channel the reader may read. */
		UNREAD;

		/** The value of {@code include} and the event's {@code type}. */
		public String wireName() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
