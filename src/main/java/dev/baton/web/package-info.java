/**
 * The web face of the service: RFC 9457 problem responses for every API error.
 */
package dev.baton.web;
