package dev.baton.updates;

import java.util.Set;
import java.util.stream.Collectors;

import dev.baton.users.Role;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Who is making a change or reading a stream: a signed-in user, or a service token.
 *
 * @param name the user's or token's name, recorded as author and as the event's actor
 * @param admin whether the user is an admin
 * @param token the channels a service token may publish on and read; null for a user
 */
public record Actor(String name, boolean admin, TokenScope token) {

	/** The authority every service token has. */
	public static final String TOKEN = "TOKEN";

	/** The prefix of a service token's authority to publish on the channel that follows it. */
	public static final String PUBLISH = "PUBLISH:";

	/** The prefix of a service token's authority to read the channel that follows it. */
	public static final String READ = "READ:";

	/** The actor for a signed-in user or a service token. */
	public static Actor of(Authentication user) {
		Set<String> authorities = user.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.collect(Collectors.toSet());
		if (!authorities.contains(TOKEN)) {
			return new Actor(user.getName(), authorities.contains(Role.ADMIN.authority()), null);
		}
		return new Actor(user.getName(), false, new TokenScope(scope(authorities, PUBLISH), scope(authorities, READ)));
	}

	private static Set<String> scope(Set<String> authorities, String prefix) {
		return authorities.stream()
			.filter(authority -> authority.startsWith(prefix))
			.map(authority -> authority.substring(prefix.length()))
			.collect(Collectors.toUnmodifiableSet());
	}

	/** Whether this actor may edit or delete {@code update}. */
	public boolean mayChange(Update update) {
		return this.token == null && (this.admin || this.name.equals(update.author()));
	}

	/**
	 * What a service token may do.
	 *
	 * @param publish the channels it may publish on
	 * @param read the channels it may read
	 */
	public record TokenScope(Set<String> publish, Set<String> read) {
	}

}
