/**
 * The fan-out benchmark: a coordinator ({@link dev.baton.bench.Bench}) that starts the server under
 * test and its peers, and load-generator processes ({@link dev.baton.bench.Generator}) that hold the
 * subscribers. Not part of the product; built only by the {@code bench} Maven profile.
 */
package dev.baton.bench;
