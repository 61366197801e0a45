package dev.baton.database;

import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DerivedJdbcConnectionDetailsTests {

	@Test
	void jdbcSettingsFollowTheR2dbcUrl() {
		DerivedJdbcConnectionDetails details = DerivedJdbcConnectionDetails
			.of(ConnectionFactoryOptions.parse("r2dbc:postgresql://ana:s3cret@db.internal:6543/feed"));

		assertThat(details.getJdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/feed");
		assertThat(details.getUsername()).isEqualTo("ana");
		assertThat(details.getPassword()).isEqualTo("s3cret");
		assertThat(details.getDriverClassName()).isEqualTo("org.postgresql.Driver");
	}

	@Test
	void pooledUrlWithoutPortUsesTheDefaultPort() {
		DerivedJdbcConnectionDetails details = DerivedJdbcConnectionDetails
			.of(ConnectionFactoryOptions.parse("r2dbc:pool:postgresql://db.internal/feed"));

		assertThat(details.getJdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/feed");
		assertThat(details.getPassword()).isNull();
	}

}
