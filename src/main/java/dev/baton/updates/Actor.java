package dev.baton.updates;

import dev.baton.users.Role;

import org.springframework.security.core.Authentication;

/**
 * Who is making a change.
 *
 * @param name the user name, recorded as author and as the event's actor
 * @param admin whether the user is an admin
 */
public record Actor(String name, boolean admin) {

	/** The actor for a signed-in user. */
	public static Actor of(Authentication user) {
		return new Actor(user.getName(), user.getAuthorities()
			.stream()
			.anyMatch(authority -> Role.ADMIN.authority().equals(authority.getAuthority())));
	}

	/** Whether this actor may post to {@code channel}. */
	public boolean mayPostTo(Channel channel) {
		return this.admin || !channel.adminOnly();
	}

	/** Whether this actor may edit or delete {@code update}. */
	public boolean mayChange(Update update) {
		return this.admin || this.name.equals(update.author());
	}

}
