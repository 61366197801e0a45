/**
 * Updates and channels: the records, the service that writes them together with their event,
 * and the REST API.
 */
package dev.baton.updates;
