/**
 * Who may do what: users and roles in PostgreSQL, login, the WebSocket origin check, and the
 * limits that keep one client from hurting the others.
 */
package dev.baton.security;
