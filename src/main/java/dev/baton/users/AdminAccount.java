package dev.baton.users;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;

import dev.baton.database.DatabaseLocation;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates the first admin, {@code admin}, right after the migrations and only while no admin
 * exists. Its password comes from {@code BATON_ADMIN_PASSWORD}; under the embedded default
 * without one, a random password is generated and logged once. It runs on Flyway's JDBC
 * connection, at start-up, before any request is served.
 */
@Component
class AdminAccount implements Callback {

	static final String USERNAME = "admin";

	private static final Logger logger = LoggerFactory.getLogger(AdminAccount.class);

	private final String adminPassword;

	private final PasswordEncoder passwords;

	private final boolean embedded;

	AdminAccount(AdminProperties properties, PasswordEncoder passwords, DatabaseLocation database) {
		this.adminPassword = properties.adminPassword();
		this.passwords = passwords;
		this.embedded = database == DatabaseLocation.EMBEDDED;
	}

	@Override
	public boolean supports(Event event, Context context) {
		return event == Event.AFTER_MIGRATE;
	}

	@Override
	public boolean canHandleInTransaction(Event event, Context context) {
		return true;
	}

	@Override
	public void handle(Event event, Context context) {
		try {
			Connection connection = context.getConnection();
			if (!adminExists(connection)) {
				createAdmin(connection);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the first admin", ex);
		}
	}

	@Override
	public String getCallbackName() {
		return "baton-admin-account";
	}

	private void createAdmin(Connection connection) throws SQLException {
		String password = this.adminPassword;
		if (password == null || password.isEmpty()) {
			if (!this.embedded) {
				logger.warn("No admin account exists. Set BATON_ADMIN_PASSWORD (at least 12 characters) and restart "
						+ "to create the user '{}'.", USERNAME);
				return;
			}
			password = generatePassword();
			logger.warn("\n\nGenerated password for the user '{}': {}\nIt is shown only this once. Set "
					+ "BATON_ADMIN_PASSWORD to choose your own.\n", USERNAME, password);
		}
		if (password.length() < 12) {
			throw new IllegalStateException("BATON_ADMIN_PASSWORD must be at least 12 characters long");
		}
		try (PreparedStatement insert = connection
			.prepareStatement("INSERT INTO users (username, password_hash, role) VALUES (?, ?, 'admin')")) {
			insert.setString(1, USERNAME);
			insert.setString(2, this.passwords.encode(password));
			insert.executeUpdate();
		}
	}

	private static boolean adminExists(Connection connection) throws SQLException {
		try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM users WHERE role = 'admin' LIMIT 1");
				ResultSet result = query.executeQuery()) {
			return result.next();
		}
	}

	private static String generatePassword() {
		byte[] random = new byte[18];
		new SecureRandom().nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

}
