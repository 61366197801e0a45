package dev.baton.users;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A person or service that may sign in, with a bcrypt hash of their password. */
@Table("users")
record User(@Id String username, String passwordHash, String role, Instant createdAt) {

	UserSummary summary() {
		return new UserSummary(this.username, Role.fromWireName(this.role), this.createdAt);
	}

}
