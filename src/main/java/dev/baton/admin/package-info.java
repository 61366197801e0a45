/**
 * The operator's page {@code /admin}: live figures of this instance (streams, events per second,
 * relay lag, health), pushed to the page over SSE, and, read-only, the channels with who may read
 * and publish on each, and the service tokens.
 */
package dev.baton.admin;
