package dev.baton.database;

import java.io.IOException;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One set of database settings: {@code spring.r2dbc.*}, or the embedded PostgreSQL when they
 * are absent. Flyway always migrates the database those settings point at.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnExpression("'${spring.r2dbc.url:}'.isEmpty()")
	static class Embedded {

		@Bean(destroyMethod = "close")
		EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties) throws IOException {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(properties.dataDir())
				.setCleanDataDirectory(false)
				.setServerConfig("listen_addresses", "127.0.0.1")
				.start();
			// what modules connect with to publish in their own transactions (README: Events from any module)
			logger.info("Embedded PostgreSQL: BATON_DB='host=127.0.0.1 port={} dbname=postgres user=postgres'",
					postgres.getPort());
			return postgres;
		}

		@Bean
		DatabaseLocation embeddedDatabaseLocation() {
			return DatabaseLocation.EMBEDDED;
		}

		@Bean
		R2dbcConnectionDetails embeddedR2dbcConnectionDetails(EmbeddedPostgres postgres) {
			ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(
					"r2dbc:postgresql://postgres@127.0.0.1:%d/postgres".formatted(postgres.getPort()));
			return () -> options;
		}

	}

	@Bean
	@ConditionalOnMissingBean
	DatabaseLocation externalDatabaseLocation() {
		return DatabaseLocation.EXTERNAL;
	}

	@Bean
	DerivedJdbcConnectionDetails flywayConnectionDetails(R2dbcConnectionDetails r2dbc) {
		return DerivedJdbcConnectionDetails.of(r2dbc.getConnectionFactoryOptions());
	}

}
