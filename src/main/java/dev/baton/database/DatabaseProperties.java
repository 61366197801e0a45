package dev.baton.database;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long Baton waits for PostgreSQL.
 *
 * @param timeout the longest a request waits for the database (a connection, or a write);
 * past it the request gets 503 "database unavailable"
 */
@ConfigurationProperties("baton.db")
@Validated
public record DatabaseProperties(@DefaultValue("5s") @DurationMin(millis = 1) Duration timeout) {
}
