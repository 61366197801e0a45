package dev.baton.bench;

import java.util.SplittableRandom;

/**
 * The posts of the page scenarios, in the sizes people write them: titles of {@value #MIN_TITLE}
 * to {@value #MAX_TITLE} characters and bodies of {@value #MIN_BODY} to {@value #MAX_BODY}, each
 * length log-uniform, so there are as many bodies of 100 to 1,000 characters as of 1,000 to 10,000
 * (median title 63 and body 1,000 characters, mean 78 and 2,150). Words of a few languages, with
 * the odd character that HTML escapes, bodies in paragraphs. The {@code index}-th post of a
 * scenario is always the same.
 */
final class PostMix {

	static final int MIN_TITLE = 20;

	static final int MAX_TITLE = 200;

	static final int MIN_BODY = 100;

	static final int MAX_BODY = 10_000;

	private static final String[] WORDS = { "the", "release", "of", "team", "meeting", "moved", "to", "Thursday",
			"and", "a", "new", "deploy", "window", "for", "customers", "in", "Zürich", "São", "Paulo", "café", "naïve",
			"R&D", "budget", "\"draft\"", "plan", "a<b", "review", "on", "call", "rota", "東京", "office", "is", "closed",
			"please", "read", "notes", "before", "Friday", "it's", "done", "with", "thanks", "everyone" };

	private PostMix() {
	}

	/** The {@code index}-th post as the JSON body of {@code POST /api/updates}. */
	static String json(String channel, int index) {
		return "{\"channel\":\"" + channel + "\",\"title\":" + quote(title(index)) + ",\"body\":" + quote(body(index))
				+ "}";
	}

	static String title(int index) {
		SplittableRandom random = new SplittableRandom(index * 2L);
		return text(random, length(random, MIN_TITLE, MAX_TITLE), false);
	}

	static String body(int index) {
		SplittableRandom random = new SplittableRandom(index * 2L + 1);
		return text(random, length(random, MIN_BODY, MAX_BODY), true);
	}

	/** The mean title and body length, in characters, of the posts numbered {@code first} to {@code first + count - 1}. */
	static double[] meanLengths(int first, int count) {
		double titles = 0;
		double bodies = 0;
		for (int i = first; i < first + count; i++) {
			titles += title(i).length();
			bodies += body(i).length();
		}
		return new double[] { titles / Math.max(1, count), bodies / Math.max(1, count) };
	}

	private static int length(SplittableRandom random, int min, int max) {
		return (int) Math.round(min * Math.pow((double) max / min, random.nextDouble()));
	}

	// words until the length is reached, cut there; never ending in whitespace
	private static String text(SplittableRandom random, int length, boolean paragraphs) {
		StringBuilder text = new StringBuilder(length + 16);
		int untilBreak = 40 + random.nextInt(60);
		while (text.length() < length) {
			if (!text.isEmpty()) {
				boolean newParagraph = paragraphs && --untilBreak == 0;
				text.append(newParagraph ? ".\n\n" : " ");
				untilBreak = newParagraph ? 40 + random.nextInt(60) : untilBreak;
			}
			text.append(WORDS[random.nextInt(WORDS.length)]);
		}
		text.setLength(length);
		if (Character.isWhitespace(text.charAt(length - 1))) {
			text.setCharAt(length - 1, '.');
		}
		return text.toString();
	}

	private static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
	}

}
