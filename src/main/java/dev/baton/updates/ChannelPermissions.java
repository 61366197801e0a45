package dev.baton.updates;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.baton.problems.InvalidField;
import jakarta.validation.constraints.Size;

/**
 * Who may read a channel (subscribe to it and replay it) and who may publish on it (post to a
 * feed channel, publish events on a module channel), beyond the defaults: each entry is
 * {@code role:member}, {@code role:admin} or {@code user:<name>}. An empty list keeps the default:
 * everyone signed in reads; a feed channel takes posts from everyone, or from admins when it is
 * admin-only; a module channel takes events from admins. Admins may always do both. Service
 * tokens have the scope they were created with instead.
 *
 * @param read who may read, or empty for everyone signed in
 * @param publish who may publish, or empty for the default
 */
public record ChannelPermissions(@Size(max = MAX_ENTRIES) List<String> read,
		@Size(max = MAX_ENTRIES) List<String> publish) {

	/** The most entries either list may have. */
	public static final int MAX_ENTRIES = 100;

	/** The permissions of a channel no one has changed. */
	public static final ChannelPermissions DEFAULT = new ChannelPermissions(List.of(), List.of());

	private static final Pattern GRANTEE = Pattern.compile("role:(member|admin)|user:[A-Za-z0-9._-]{1,64}");

	// a null entry is kept, for invalid() to name it in a 400
	public ChannelPermissions {
		read = (read != null) ? Collections.unmodifiableList(new ArrayList<>(read)) : List.of();
		publish = (publish != null) ? Collections.unmodifiableList(new ArrayList<>(publish)) : List.of();
	}

	/** The entries that name no role or user, as invalid fields; none when all are valid. */
	List<InvalidField> invalid() {
		return Stream.concat(invalid("read", this.read), invalid("publish", this.publish)).toList();
	}

	private static Stream<InvalidField> invalid(String list, List<String> entries) {
		return entries.stream()
			.filter(entry -> entry == null || !GRANTEE.matcher(entry).matches())
			.map(entry -> new InvalidField(list, "'%s' is not role:member, role:admin or user:<name>".formatted(entry)));
	}

	/** Whether a signed-in user is on {@code entries}. */
	static boolean names(List<String> entries, Actor user) {
		return entries.contains("user:" + user.name()) || entries.contains(user.admin() ? "role:admin" : "role:member");
	}

}
