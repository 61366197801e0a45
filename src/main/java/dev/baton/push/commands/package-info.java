/**
 * The other direction of the WebSocket: the {@code post}, {@code edit}, {@code delete} and
 * {@code publish} commands a client sends, answered in order with an {@code ack} or an
 * {@code error} through the paths the HTTP API takes.
 */
package dev.baton.push.commands;
