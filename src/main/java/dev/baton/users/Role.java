package dev.baton.users;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A member reads, posts to discussion channels and manages their own posts; an admin does anything. */
public enum Role {

	MEMBER, ADMIN;

	/** The name in the API and the database. */
	@JsonValue
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The role named {@code name}, in any case; a request naming another gets a 400 that lists both. */
	@JsonCreator
	public static Role fromWireName(String name) {
		return Arrays.stream(values())
			.filter(role -> role.name().equalsIgnoreCase(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("must be member or admin"));
	}

	/** The Spring Security authority granted for this role. */
	public String authority() {
		return "ROLE_" + name();
	}

}
