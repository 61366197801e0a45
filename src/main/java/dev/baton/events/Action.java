package dev.baton.events;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to an update. */
public enum Action {

	CREATED, EDITED, DELETED;

	/** The name used on the wire and in the log. */
	@JsonValue
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Action fromWireName(String name) {
		return valueOf(name.toUpperCase(Locale.ROOT));
	}

}
