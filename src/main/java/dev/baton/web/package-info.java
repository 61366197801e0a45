/**
 * The web face of the service: the live feed page, its HTML fragments, the sign-in page and
 * the error page browsers get instead of problem+json.
 */
package dev.baton.web;
