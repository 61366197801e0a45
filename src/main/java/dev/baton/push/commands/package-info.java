/**
 * The other direction of the WebSocket: the {@code post}, {@code edit} and {@code delete}
 * commands a client sends, answered in order with an {@code ack} or an {@code error} through the
 * one write path.
 */
package dev.baton.push.commands;
