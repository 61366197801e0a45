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
 * without one, a random password is generated and logged once. Once an admin exists, start-up
 * says so and how to set a new password: {@code BATON_SECURITY_RESET_ADMIN_PASSWORD=true} sets
 * the password of {@code admin} as if it were created anew. It runs on Flyway's JDBC connection,
 * at start-up, before any request is served.
 */
@Component
class AdminAccount implements Callback {

	static final String USERNAME = "admin";

	private static final Logger logger = LoggerFactory.getLogger(AdminAccount.class);

	private final String adminPassword;

	private final PasswordEncoder passwords;

	private final boolean reset;

	private final boolean embedded;

	AdminAccount(AdminProperties properties, PasswordEncoder passwords, DatabaseLocation database) {
		this.adminPassword = properties.adminPassword();
		this.reset = properties.resetAdminPassword();
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
			if (this.reset) {
				resetAdmin(connection);
			}
			else if (!adminExists(connection)) {
				createAdmin(connection);
			}
			else {
				logger.info("An admin account exists; a generated password is shown only when it is made. To set the "
						+ "password of '{}', start once with BATON_SECURITY_RESET_ADMIN_PASSWORD=true and "
						+ "BATON_ADMIN_PASSWORD (or, on the embedded database, without it to have one generated).", USERNAME);
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
		String password = password();
		if (password == null) {
			logger.warn("No admin account exists. Set BATON_ADMIN_PASSWORD (at least 12 characters) and restart "
					+ "to create the user '{}'.", USERNAME);
			return;
		}
		insertAdmin(connection, password);
	}

	// the user named admin, whatever became of it: its password set, an admin again
	private void resetAdmin(Connection connection) throws SQLException {
		String password = password();
		if (password == null) {
			throw new IllegalStateException(
					"BATON_SECURITY_RESET_ADMIN_PASSWORD needs BATON_ADMIN_PASSWORD (at least 12 characters)");
		}
		try (PreparedStatement update = connection
			.prepareStatement("UPDATE users SET password_hash = ?, role = 'admin' WHERE username = ?")) {
			update.setString(1, this.passwords.encode(password));
			update.setString(2, USERNAME);
			if (update.executeUpdate() == 0) {
				insertAdmin(connection, password);
			}
		}
		logger.warn("The password of the user '{}' was set at start-up (baton.security.reset-admin-password). "
				+ "Remove BATON_SECURITY_RESET_ADMIN_PASSWORD, or every start sets it again.", USERNAME);
	}

	// the configured password, else under the embedded default one generated and shown; else null
	private String password() {
		String password = this.adminPassword;
		if (password == null || password.isEmpty()) {
			if (!this.embedded) {
				return null;
			}
			password = generatePassword();
			logger.warn("\n\nGenerated password for the user '{}': {}\nIt is shown only this once. Set "
					+ "BATON_ADMIN_PASSWORD to choose your own.\n", USERNAME, password);
		}
		if (password.length() < 12
				|| password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > BcryptPassword.MAX_BYTES) {
			throw new IllegalStateException(
					"BATON_ADMIN_PASSWORD must be 12 to 72 characters long, and at most 72 bytes in UTF-8");
		}
		return password;
	}

	private void insertAdmin(Connection connection, String password) throws SQLException {
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
