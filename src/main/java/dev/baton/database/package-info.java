/**
 * Where the database is: the embedded PostgreSQL default, and Flyway's JDBC settings derived
 * from the one set of R2DBC settings.
 */
package dev.baton.database;
