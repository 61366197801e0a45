/**
 * The operator's page {@code /admin}: live figures of this instance (streams, events per second,
 * relay lag, health), pushed to the page over SSE.
 */
package dev.baton.admin;
