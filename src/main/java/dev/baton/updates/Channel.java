package dev.baton.updates;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A channel. A {@code feed} channel takes posts and is a tab of the feed (only admins post to an
 * admin-only one, unless its permissions say otherwise); a {@code module} channel takes the events
 * other modules publish and reaches only the streams that name it.
 *
 * @param kind {@value #FEED} or {@value #MODULE}
 */
@Table("channels")
public record Channel(@Id String name, String description, boolean adminOnly, String kind) {

	/** The kind of channel that takes posts. */
	public static final String FEED = "feed";

	/** The kind of channel that takes published events. */
	public static final String MODULE = "module";

	/** Whether this is a feed channel, which takes posts. */
	public boolean feed() {
		return FEED.equals(this.kind);
	}

	/**
	 * Whether everyone signed in may publish on it while its permissions name no publishers: a
	 * feed channel that is not admin-only; otherwise only admins may.
	 */
	public boolean openToPublish() {
		return feed() && !this.adminOnly;
	}

}
