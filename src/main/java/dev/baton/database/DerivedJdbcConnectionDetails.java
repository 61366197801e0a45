package dev.baton.database;

import io.r2dbc.spi.ConnectionFactoryOptions;

import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * JDBC settings for Flyway, derived from the R2DBC options so that migrations always run against
 * the database the application uses. It is a {@link JdbcConnectionDetails} too because that is
 * what switches Flyway's auto-configuration on without a {@code DataSource}.
 */
record DerivedJdbcConnectionDetails(String jdbcUrl, String username, String password)
		implements FlywayConnectionDetails, JdbcConnectionDetails {

	static DerivedJdbcConnectionDetails of(ConnectionFactoryOptions options) {
		Object port = options.getValue(ConnectionFactoryOptions.PORT);
		Object database = options.getValue(ConnectionFactoryOptions.DATABASE);
		Object password = options.getValue(ConnectionFactoryOptions.PASSWORD);
		String url = "jdbc:postgresql://%s:%s/%s".formatted(options.getRequiredValue(ConnectionFactoryOptions.HOST),
				(port != null) ? port : 5432, (database != null) ? database : "");
		return new DerivedJdbcConnectionDetails(url, (String) options.getValue(ConnectionFactoryOptions.USER),
				(password != null) ? password.toString() : null);
	}

	@Override
	public String getJdbcUrl() {
		return this.jdbcUrl;
	}

	@Override
	public String getUsername() {
		return this.username;
	}

	@Override
	public String getPassword() {
		return this.password;
	}

	@Override
	public String getDriverClassName() {
		return "org.postgresql.Driver";
	}

}
