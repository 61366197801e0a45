package dev.baton.updates;

/**
 * Field limits and page sizes, shared by the request records, the API, the page and its script.
 * The schema repeats the field limits as column types; a test holds the two together.
 */
public final class Limits {

	/** The longest title, in characters. */
	public static final int TITLE = 200;

	/** The longest body, in characters. */
	public static final int BODY = 10_000;

	/** How many updates a page of the feed holds unless asked for another number. */
	public static final int PAGE_SIZE = 20;

	/** The most updates one page of the feed may hold. */
	public static final int MAX_PAGE_SIZE = 100;

	private Limits() {
	}

}
