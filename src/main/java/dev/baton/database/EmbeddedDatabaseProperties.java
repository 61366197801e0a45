package dev.baton.database;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL started when no {@code spring.r2dbc.url} is set.
 *
 * @param dataDir where its data lives; it survives restarts
 */
@ConfigurationProperties("baton.embedded")
public record EmbeddedDatabaseProperties(@DefaultValue("./data/postgres") Path dataDir) {
}
