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

	@Test
	void tlsSchemaAndTimeoutCarryOverToJdbc() {
		DerivedJdbcConnectionDetails details = DerivedJdbcConnectionDetails.of(ConnectionFactoryOptions.parse(
				"r2dbc:postgresql://db.internal/feed?sslMode=VERIFY_FULL&sslRootCert=/etc/ca.pem&schema=baton&connectTimeout=PT10S"));

		assertThat(details.getJdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/feed"
				+ "?connectTimeout=10&currentSchema=baton&sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem");
	}

	@Test
	void sslFlagAloneRequiresTls() {
		DerivedJdbcConnectionDetails details = DerivedJdbcConnectionDetails
			.of(ConnectionFactoryOptions.parse("r2dbc:postgresql://db.internal/feed?ssl=true"));

		assertThat(details.getJdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/feed?sslmode=require");
	}

}
