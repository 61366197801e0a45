package dev.baton.database;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;

import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * JDBC settings for Flyway, derived from the R2DBC options so that migrations always run against
 * the database the application uses, the same way (TLS, schema, timeouts). It is a
 * {@link JdbcConnectionDetails} too because that is what switches Flyway's auto-configuration on
 * without a {@code DataSource}.
 */
record DerivedJdbcConnectionDetails(String jdbcUrl, String username, String password)
		implements FlywayConnectionDetails, JdbcConnectionDetails {

	// r2dbc-postgresql option -> pgjdbc parameter, for the options both drivers understand
	private static final Map<String, String> PARAMETERS = Map.of("sslMode", "sslmode", "sslRootCert", "sslrootcert",
			"sslCert", "sslcert", "sslKey", "sslkey", "sslPassword", "sslpassword", "schema", "currentSchema",
			"currentSchema", "currentSchema", "options", "options", "applicationName", "ApplicationName");

	static DerivedJdbcConnectionDetails of(ConnectionFactoryOptions options) {
		Object port = options.getValue(ConnectionFactoryOptions.PORT);
		Object database = options.getValue(ConnectionFactoryOptions.DATABASE);
		Object password = options.getValue(ConnectionFactoryOptions.PASSWORD);
		String url = "jdbc:postgresql://%s:%s/%s%s".formatted(options.getRequiredValue(ConnectionFactoryOptions.HOST),
				(port != null) ? port : 5432, (database != null) ? database : "", query(options));
		return new DerivedJdbcConnectionDetails(url, (String) options.getValue(ConnectionFactoryOptions.USER),
				(password != null) ? password.toString() : null);
	}

	private static String query(ConnectionFactoryOptions options) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (Boolean.parseBoolean(String.valueOf(options.getValue(ConnectionFactoryOptions.SSL)))) {
			parameters.put("sslmode", "require");
		}
		PARAMETERS.forEach((option, parameter) -> {
			Object value = options.getValue(Option.valueOf(option));
			if (value != null) {
				parameters.put(parameter, parameter.equals("sslmode") ? sslMode(value) : String.valueOf(value));
			}
		});
		Object timeout = options.getValue(ConnectionFactoryOptions.CONNECT_TIMEOUT);
		if (timeout != null) {
			parameters.put("connectTimeout", Long.toString(Math.max(1, duration(timeout).toSeconds())));
		}
		return parameters.isEmpty() ? "" : parameters.entrySet()
			.stream()
			.map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.sorted()
			.collect(Collectors.joining("&", "?", ""));
	}

	// a Duration when set in code; in a URL an ISO-8601 duration or milliseconds
	private static Duration duration(Object value) {
		if (value instanceof Duration duration) {
			return duration;
		}
		String text = value.toString();
		return text.startsWith("P") ? Duration.parse(text) : Duration.ofMillis(Long.parseLong(text));
	}

	// r2dbc takes VERIFY_FULL or verify-full, pgjdbc only verify-full
	private static String sslMode(Object value) {
		return value.toString().toLowerCase(Locale.ROOT).replace('_', '-');
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
