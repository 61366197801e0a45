package dev.baton.users;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/users}. */
public record NewUser(
		@NotNull @Size(min = 1, max = 64) @Pattern(regexp = "[A-Za-z0-9._-]*",
				message = "may contain only letters, digits, '.', '_' and '-'") String username,
		@NotNull @BcryptPassword String password,
		@NotNull Role role) {

	@Override
	public String toString() {
		return "NewUser[username=%s, role=%s]".formatted(this.username, this.role);
	}

}
