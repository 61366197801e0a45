package dev.baton.database;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The embedded PostgreSQL started when no {@code spring.r2dbc.url} is set.
 *
 * @param dataDir where its data lives; it survives restarts
 */
@ConfigurationProperties("baton.embedded")
@Validated
public record EmbeddedDatabaseProperties(@DefaultValue("./data/postgres") @NotNull Path dataDir) {
}
