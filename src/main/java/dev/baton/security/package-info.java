/**
 * Who is signed in: form login and HTTP Basic, browser sessions shared through PostgreSQL, CSRF,
 * and the WebSocket origin check.
 */
package dev.baton.security;
