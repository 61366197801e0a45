/**
 * The limits that keep one client from hurting the others: the rates of posts and of edits and
 * deletes per user, and open streams per user and per instance.
 */
package dev.baton.limits;
