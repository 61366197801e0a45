/**
 * The web face of the service: the live feed page and its HTML fragments, the sign-in page,
 * and RFC 9457 problem responses for every API error.
 */
package dev.baton.web;
