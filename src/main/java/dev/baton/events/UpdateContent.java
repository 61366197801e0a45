package dev.baton.events;

import java.time.Instant;

/**
 * What an update shows, as read with its event from the log: what a page renders for it.
 *
 * @param title its title
 * @param body its body
 * @param author who posted it
 * @param createdAt when it was posted
 * @param editedAt when it was last edited, if it was
 */
public record UpdateContent(String title, String body, String author, Instant createdAt, Instant editedAt) {
}
