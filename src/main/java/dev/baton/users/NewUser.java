package dev.baton.users;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/users}. */
public record NewUser(
		@NotNull @Size(min = 1, max = NewUser.MAX_USERNAME_LENGTH) @Pattern(regexp = NewUser.USERNAME,
				message = "may contain only letters, digits, '.', '_' and '-'") String username,
		@NotNull @BcryptPassword String password,
		@NotNull Role role) {

	/** The characters of a username, as the users table checks them. */
	public static final String USERNAME = "[A-Za-z0-9._-]*";

	/** The longest username. */
	public static final int MAX_USERNAME_LENGTH = 64;

	@Override
	public String toString() {
		return "NewUser[username=%s, role=%s]".formatted(this.username, this.role);
	}

}
