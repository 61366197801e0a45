/**
 * Constraints shared by the {@code baton.*} configuration records, so that an invalid value stops
 * start-up with a message naming the property instead of failing later.
 */
package dev.baton.configuration;
