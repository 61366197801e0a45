package dev.baton.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one PostgreSQL every integration test uses, started once per test JVM: an explicit
 * {@code BATON_TEST_DATABASE_URL} ({@code postgresql://user:password@host:port/db}) when set,
 * else Testcontainers {@code postgres:17} when a Docker engine answers, else the embedded
 * PostgreSQL. No test is skipped for lack of Docker.
 */
public final class TestDatabase {

	private static Settings settings;

	private TestDatabase() {
	}

	/** The R2DBC settings of the shared database, starting it on first use. */
	public static synchronized Settings settings() {
		if (settings == null) {
			settings = start();
		}
		return settings;
	}

	private static Settings start() {
		String url = System.getenv("BATON_TEST_DATABASE_URL");
		if (url != null && !url.isBlank()) {
			return fromUrl(URI.create(url));
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:17");
			container.start();
			return new Settings("r2dbc:postgresql://%s:%d/%s".formatted(container.getHost(),
					container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT), container.getDatabaseName()),
					container.getUsername(), container.getPassword(), "testcontainers");
		}
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			return new Settings("r2dbc:postgresql://127.0.0.1:%d/postgres".formatted(postgres.getPort()), "postgres",
					"", "embedded");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No Docker engine, and the embedded PostgreSQL did not start", ex);
		}
	}

	/** Creates an empty database next to the shared one, for a test that needs a fresh start. */
	public static Settings newDatabase(String name) {
		Settings shared = settings();
		URI uri = URI.create(shared.r2dbcUrl().substring("r2dbc:".length()));
		String server = "jdbc:postgresql://%s:%d/".formatted(uri.getHost(), uri.getPort());
		try (java.sql.Connection connection = java.sql.DriverManager.getConnection(server + uri.getPath().substring(1),
				shared.username(), shared.password()); java.sql.Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException("could not create database " + name, ex);
		}
		return new Settings("r2dbc:postgresql://%s:%d/%s".formatted(uri.getHost(), uri.getPort(), name), shared.username(),
				shared.password(), shared.source());
	}

	/**
	 * A JDBC connection to the shared database as {@code username}, as a module written in any
	 * language would connect; the shared user's when null.
	 */
	public static java.sql.Connection connect(String username, String password) {
		Settings shared = settings();
		URI uri = URI.create(shared.r2dbcUrl().substring("r2dbc:".length()));
		String url = "jdbc:postgresql://%s:%d%s".formatted(uri.getHost(), uri.getPort(), uri.getPath());
		try {
			return (username != null) ? java.sql.DriverManager.getConnection(url, username, password)
					: java.sql.DriverManager.getConnection(url, shared.username(), shared.password());
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException("could not connect to " + url, ex);
		}
	}

	private static Settings fromUrl(URI uri) {
		String[] userInfo = (uri.getUserInfo() != null) ? uri.getUserInfo().split(":", 2) : new String[] { "postgres" };
		return new Settings("r2dbc:postgresql://%s:%d%s".formatted(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 5432,
				uri.getPath()), userInfo[0], (userInfo.length > 1) ? userInfo[1] : "", "BATON_TEST_DATABASE_URL");
	}

	/**
	 * Where the shared database is.
	 *
	 * @param r2dbcUrl the {@code spring.r2dbc.url}
	 * @param username the user
	 * @param password the password, empty for none
	 * @param source which of the three sources provided it
	 */
	public record Settings(String r2dbcUrl, String username, String password, String source) {
	}

}
