package dev.baton.bench;

/**
 * Reads the two numbers the benchmark needs from an event's JSON without building a tree, so the
 * generator spends its CPU on sockets, not on parsing: {@code seq} and {@code update_id}.
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
		if (at < 0) {
			return 0;
		}
		long value = 0;
		for (int i = at + 16; i < html.length() && Character.isDigit(html.charAt(i)); i++) {
			value = value * 10 + (html.charAt(i) - '0');
		}
		return value;
	}

	private static int indexOf(CharSequence text, String needle) {
		return text.toString().indexOf(needle);
	}

}
