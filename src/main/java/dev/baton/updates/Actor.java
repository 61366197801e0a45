package dev.baton.updates;

/**
 * Who is making a change.
 *
 * @param name the user name, recorded as author and as the event's actor
 * @param admin whether the user is an admin
 */
public record Actor(String name, boolean admin) {

	boolean mayChange(Update update) {
		return this.admin || this.name.equals(update.author());
	}

}
