package dev.baton.database;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long Baton waits for PostgreSQL.
 *
 * @param timeout the longest a request waits for the database (a connection, or a write);
 * past it the request gets 503 "database unavailable"
 */
@ConfigurationProperties("baton.db")
public record DatabaseProperties(@DefaultValue("5s") Duration timeout) {
}
