package dev.baton.updates;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A channel updates are posted to; only admins post to an admin-only one. */
@Table("channels")
public record Channel(@Id String name, String description, boolean adminOnly) {
}
