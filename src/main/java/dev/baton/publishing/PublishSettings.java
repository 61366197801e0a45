package dev.baton.publishing;

import java.util.HashMap;
import java.util.Map;

import org.flywaydb.core.api.configuration.FluentConfiguration;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Hands {@code baton.publish.max-payload} to the database, where {@code baton.publish} reads it:
 * Flyway's {@code afterMigrate.sql} writes it at every start, after the migrations. Instances
 * that share a database should share the setting; the one started last decides for SQL.
 */
@Component
class PublishSettings implements FlywayConfigurationCustomizer {

	private final PublishProperties properties;

	PublishSettings(PublishProperties properties) {
		this.properties = properties;
	}

	@Override
	public void customize(FluentConfiguration configuration) {
		Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
		placeholders.put("maxPayload", Long.toString(this.properties.maxPayload().toBytes()));
		configuration.placeholders(placeholders);
	}

}
