/**
 * The machine-readable API documents: OpenAPI for the REST API at {@code /v3/api-docs} (with
 * Swagger UI), AsyncAPI for the streams at {@code /asyncapi.yaml}.
 */
package dev.baton.docs;
