package dev.baton.updates;

/** Where a post came from: the {@code path} tag of the {@code baton.posts} metric. */
public enum PostPath {

	/** {@code POST /api/updates} */
	REST("rest"),
	/** a {@code post} command on {@code /ws/updates} */
	WEBSOCKET("websocket"),
	/** the feed page's form, over HTTP */
	PAGE("page");

	private final String tag;

	PostPath(String tag) {
		this.tag = tag;
	}

	String tag() {
		return this.tag;
	}

}
