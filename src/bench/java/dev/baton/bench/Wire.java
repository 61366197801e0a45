package dev.baton.bench;

import java.util.List;

/**
 * Reads what the benchmark needs from an event's JSON without building a tree, so the generator
 * spends its CPU on sockets, not on parsing: {@code seq} and {@code update_id} (for a module's
 * event, its {@code seq} in its place), and for pages the {@code action} and the {@code html} of
 * the item.
 */
final class Wire {

	private Wire() {
	}

	/** The number after {@code "key":} in {@code json}, or -1 when absent. */
	static long number(CharSequence json, String key) {
		int at = indexOf(json, '"' + key + "\":");
		if (at < 0) {
			return -1;
		}
		int i = at + key.length() + 3;
		while (i < json.length() && json.charAt(i) == ' ') {
			i++;
		}
		long value = 0;
		boolean any = false;
		for (; i < json.length() && Character.isDigit(json.charAt(i)); i++) {
			value = value * 10 + (json.charAt(i) - '0');
			any = true;
		}
		return any ? value : -1;
	}

	/**
	 * The string after {@code "key":} in {@code json}, its escapes decoded, or null when absent or
	 * not a string. Keys are looked for as {@code "key":}, which the inside of a JSON string cannot
	 * hold (its quotes are escaped), so a value never passes for a key.
	 */
	/** Where the JSON string whose first character is at {@code from} ends (its closing quote), or -1. */
	static int stringEnd(String json, int from) {
		for (int i = from; i < json.length(); i++) {
			char c = json.charAt(i);
			if (c == '\\') {
				i++;
			}
			else if (c == '"') {
				return i;
			}
		}
		return -1;
	}

	static String text(String json, String key) {
		int at = json.indexOf('"' + key + "\":");
		if (at < 0) {
			return null;
		}
		int i = at + key.length() + 3;
		while (i < json.length() && json.charAt(i) == ' ') {
			i++;
		}
		if (i >= json.length() || json.charAt(i) != '"') {
			return null;
		}
		StringBuilder text = new StringBuilder();
		for (i++; i < json.length(); i++) {
			char c = json.charAt(i);
			if (c == '"') {
				return text.toString();
			}
			if (c != '\\' || i + 1 >= json.length()) {
				text.append(c);
				continue;
			}
			char escaped = json.charAt(++i);
			switch (escaped) {
				case 'n' -> text.append('\n');
				case 'r' -> text.append('\r');
				case 't' -> text.append('\t');
				case 'b' -> text.append('\b');
				case 'f' -> text.append('\f');
				case 'u' -> {
					text.append((char) Integer.parseInt(json, i + 1, i + 5, 16));
					i += 4;
				}
				default -> text.append(escaped);
			}
		}
		return null;
	}

	/**
	 * The id the benchmark knows an event's post by: an update's {@code update_id}, or for a
	 * module's {@code channel_event}, which has none, its {@code seq}, which its publish answered with.
	 */
	static long eventId(CharSequence json) {
		return (indexOf(json, "\"type\":\"channel_event\"") >= 0) ? number(json, "seq") : number(json, "update_id");
	}

	/** The events that are not in the log (no seq, never replayed), each asked for with {@code include=}. */
	private static final List<String> EPHEMERAL = List.of("presence", "typing", "unread");

	/** Whether the event is one of those not in the log: {@code presence}, {@code typing}, {@code unread}. */
	static boolean isEphemeral(CharSequence json) {
		return EPHEMERAL.contains(type(json.toString()));
	}

	/** The event's {@code type}, or null. */
	static String type(String json) {
		int at = json.indexOf("\"type\":\"");
		int end = (at < 0) ? -1 : json.indexOf('"', at + 8);
		return (end < 0) ? null : json.substring(at + 8, end);
	}

	/**
	 * The numbers of the names in the {@code users} list of a {@code typing} event that are
	 * {@code prefix} followed by digits (the benchmark's typists), given to {@code number}; returns
	 * how many names the list had.
	 */
	static int typists(String json, String prefix, java.util.function.IntConsumer number) {
		int at = json.indexOf("\"users\":[");
		if (at < 0) {
			return 0;
		}
		int names = 0;
		int i = at + 9;
		while (i < json.length() && json.charAt(i) == '"') {
			int end = stringEnd(json, i + 1);
			if (end < 0) {
				break;
			}
			names++;
			if (json.startsWith(prefix, i + 1)) {
				number.accept((int) digits(json, i + 1 + prefix.length()));
			}
			i = end + 1;
			if (i < json.length() && json.charAt(i) == ',') {
				i++;
			}
		}
		return names;
	}

	/** Whether the event is a {@code resync} rather than an update. */
	static boolean isResync(CharSequence json) {
		return indexOf(json, "\"resync\"") >= 0;
	}

	/**
	 * A 64-bit mix of an update id; the sum of these over a subscriber's events is a fingerprint of
	 * the set it received, compared with the sum over the posts made.
	 */
	static long mix(long id) {
		long z = id * 0x9E3779B97F4A7C15L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/** The largest {@code data-update-id} in a feed fragment (newest first, so the first one), or 0. */
	static long newestInFeed(String html) {
		int at = html.indexOf("data-update-id=\"");
		return (at < 0) ? 0 : digits(html, at + 16);
	}

	private static long digits(String text, int from) {
		long value = 0;
		for (int i = from; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
			value = value * 10 + (text.charAt(i) - '0');
		}
		return value;
	}

	/**
	 * Calls {@code item} with the update id and the HTML of every {@code <li class="update">} of a
	 * feed fragment, in order.
	 */
	static void items(String fragment, ItemConsumer item) {
		String start = "<li class=\"update\"";
		for (int at = fragment.indexOf(start); at >= 0; at = fragment.indexOf(start, at + 1)) {
			int end = fragment.indexOf("</li>", at);
			int id = fragment.indexOf("data-update-id=\"", at);
			if (end < 0 || id < 0 || id > end) {
				return;
			}
			item.accept(digits(fragment, id + 16), fragment.substring(at, end + 5));
		}
	}

	/** Receives one item of a feed fragment. */
	interface ItemConsumer {

		void accept(long updateId, String html);

	}

	private static int indexOf(CharSequence text, String needle) {
		return text.toString().indexOf(needle);
	}

}
