package dev.baton.database;

/**
 * Where the application's database is, for whoever must behave differently on the embedded
 * default (such as generating the first admin's password).
 */
public enum DatabaseLocation {

	/** The embedded PostgreSQL started because no {@code spring.r2dbc.url} is set. */
	EMBEDDED,

	/** A PostgreSQL named by {@code spring.r2dbc.url}. */
	EXTERNAL

}
