package dev.baton.web;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.stream.IntStream;

import dev.baton.support.BatonClient.Response;
import dev.baton.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FeedFragmentIntegrationTests extends IntegrationTest {

	@Test
	void pageThatAlreadyShowsTheNewestFeedGetsNotModified() {
		String channel = newChannel();
		long first = client().post(channel, "first", "x").json().get("id").asLong();
		Response shown = await().atMost(Duration.ofSeconds(10))
			.until(() -> fetch(channel, null), response -> response.body().contains("data-update-id=\"" + first + "\""));
		String etag = shown.header("ETag");
		assertThat(etag).isNotNull();

		assertThat(fetch(channel, etag).status()).isEqualTo(304);

		long second = client().post(channel, "second", "x").json().get("id").asLong();
		Response changed = await().atMost(Duration.ofSeconds(10))
			.until(() -> fetch(channel, etag), response -> response.status() == 200);
		assertThat(changed.body()).contains("data-update-id=\"" + second + "\"");
	}

	@Test
	void manyPagesAskingAfterOneChangeReadTheDatabaseOnce() {
		String channel = newChannel();
		long posted = client().post(channel, "for everyone", "x").json().get("id").asLong();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> fetch(channel, null).body().contains("data-update-id=\"" + posted + "\""));
		long before = readsOfUpdates();

		IntStream.range(0, 50).parallel().forEach(page -> assertThat(fetch(channel, null).body())
			.contains("data-update-id=\"" + posted + "\""));

		long reads = readsOfUpdates() - before;
		System.out.printf("[measure] 50 page views of one unchanged feed read the updates table %d times%n", reads);
		assertThat(reads).isLessThan(5);
	}

	private Response fetch(String channel, String etag) {
		HttpRequest.Builder request = HttpRequest.newBuilder(client().uri("http", "/updates/feed?channel=" + channel));
		if (etag != null) {
			request.header("If-None-Match", etag);
		}
		return client().send(request);
	}

	// PostgreSQL reports a backend's statistics within a second of its transactions
	private long readsOfUpdates() {
		try {
			Thread.sleep(1500);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this.db.sql("SELECT pg_stat_clear_snapshot()").then().then(this.db.sql(
				"SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS reads FROM pg_stat_user_tables WHERE relname = 'updates'")
			.map(row -> row.get("reads", Long.class))
			.one()).block();
	}

}
