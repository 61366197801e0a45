package dev.baton.users;

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

	@JsonCreator
	public static Role fromWireName(String name) {
		return valueOf(name.toUpperCase(Locale.ROOT));
	}

	/** The Spring Security authority granted for this role. */
	public String authority() {
		return "ROLE_" + name();
	}

}
