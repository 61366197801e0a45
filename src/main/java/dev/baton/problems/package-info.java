/**
 * How Baton refuses a request: {@link dev.baton.problems.Problem}, and the RFC 9457 problem
 * responses written for it and for every other API error.
 */
package dev.baton.problems;
