/**
 * The web face of the service: the live feed page, its HTML fragments and the sign-in page.
 */
package dev.baton.web;
