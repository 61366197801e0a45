/**
 * The limits that keep one client from hurting the others: the posting rate per user, and open
 * streams per user and per instance.
 */
package dev.baton.limits;
