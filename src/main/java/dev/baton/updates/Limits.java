package dev.baton.updates;

/** Field limits shared by the request records and the schema. */
final class Limits {

	static final int TITLE = 200;

	static final int BODY = 10_000;

	static final String NOT_BLANK = "(?s).*\\S.*";

	private Limits() {
	}

}
