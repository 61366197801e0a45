/**
 * The people and services that may sign in: users and roles in PostgreSQL, their management
 * API, and the first admin created at start-up.
 */
package dev.baton.users;
