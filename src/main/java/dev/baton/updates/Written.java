package dev.baton.updates;

/**
 * A committed change: the update as written (or as it was before a delete) and the seq of the
 * event the change appended to the log. Subscribers receive that event with this seq.
 *
 * @param update the update
 * @param seq the seq of its event
 */
public record Written(Update update, long seq) {
}
