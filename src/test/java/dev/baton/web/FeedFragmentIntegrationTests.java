package dev.baton.web;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import dev.baton.support.BatonClient;
import dev.baton.support.BatonClient.Response;
import dev.baton.support.IntegrationTest;
import dev.baton.updates.Limits;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FeedFragmentIntegrationTests extends IntegrationTest {

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private FeedPages feedPages;

	// Edit opens a form fetched with the update as it is then, only for whoever may change it
	@Test
	void theEditFormIsServedToWhoeverMayChangeTheUpdate() {
		BatonClient member = newMember();
		long own = member.post("general", "Mine <b>to edit</b>", "x").json().get("id").asLong();
		long others = client().post("general", "The admin's", "x").json().get("id").asLong();

		Response form = member.send("GET", "/updates/" + own + "/edit", null);
		assertThat(form.status()).isEqualTo(200);
		assertThat(form.body()).contains("hx-post=\"/updates/" + own + "/edit\"", "value=\"Mine &lt;b&gt;to edit&lt;/b&gt;\"")
			.doesNotContain("<b>");
		assertThat(member.send("GET", "/updates/" + others + "/edit", null).status()).isEqualTo(403);
		assertThat(client().send("GET", "/updates/" + own + "/edit", null).status()).as("an admin's").isEqualTo(200);
		assertThat(client().send("GET", "/updates/999999999/edit", null).status()).isEqualTo(404);
	}

	// a refused edit does not show an update to whoever may not change it
	@Test
	void aRefusedEditShowsTheUpdateOnlyToWhoeverMayChangeIt() {
		BatonClient member = newMember();
		BatonClient browser = anonymous().withCookies(anonymous().signIn(member.username(), member.password()));
		String token = BatonClient.csrfToken(browser.send("GET", "/", null).body());
		long others = client().post("general", "Not yours", "the body only its readers see").json().get("id").asLong();

		for (String form : List.of("title=&body=", "title=New&body=New")) {
			Response refused = browser.send(HttpRequest.newBuilder(browser.uri("http", "/updates/" + others + "/edit"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf=" + token)));
			assertThat(refused.status()).as(form).isEqualTo(403);
			assertThat(refused.body()).doesNotContain("the body only its readers see");
		}
	}

	@Test
	void everyViewerIsServedTheSameFragmentRenderedOncePerChange() {
		String channel = newChannel();
		BatonClient member = newMember();
		postAndAwaitSeq(channel);
		double rendered = renders();

		List<Response> fetched = IntStream.range(0, 40)
			.parallel()
			.mapToObj(page -> fetch((page % 2 == 0) ? client() : member, channel, null, null))
			.toList();

		assertThat(renders() - rendered).as("renders for 40 fetches of one version").isEqualTo(1);
		Response first = fetched.get(0);
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("Content-Type")).isEqualTo("text/html;charset=UTF-8");
		// kept by the browser and asked for again with If-None-Match, answered 304 while unchanged
		assertThat(first.header("Cache-Control")).isEqualTo("no-cache");
		assertThat(first.body()).contains("resume point", "data-author=\"admin\"", "class=\"actions\"");
		assertThat(fetched).allSatisfy(response -> {
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo(first.body());
			assertThat(response.header("ETag")).isEqualTo(first.header("ETag"));
		});
		assertThat(fetch(member, channel, null, first.header("ETag")).status()).isEqualTo(304);
	}

	@Test
	void pageToldOfAnEventThisInstanceHasNotPublishedGetsAPageReadNow() {
		String channel = newChannel();
		long id = client().post(channel, "told by another instance", "x").json().get("id").asLong();
		Response shared = await().atMost(Duration.ofSeconds(10))
			.until(() -> fetch(client(), channel, null, null),
					response -> response.body().contains("data-update-id=\"" + id + "\""));
		double rendered = renders();
		long ahead = 1_000_000_000L;

		Response fresh = fetch(client(), channel, "&seq=" + ahead, null);

		assertThat(fresh.status()).isEqualTo(200);
		assertThat(fresh.body()).contains("data-update-id=\"" + id + "\"");
		assertThat(fresh.header("ETag")).startsWith("W/\"" + ahead + "-");
		assertThat(renders() - rendered).as("renders of a page read for one fetch").isEqualTo(1);
		// a page told of nothing newer than this instance published is served the shared one
		assertThat(fetch(client(), channel, "&seq=1", null).header("ETag")).isEqualTo(shared.header("ETag"));
	}

	@Test
	void loadOlderLinkOfTheSharedFragmentFetchesTheNextPage() {
		String channel = newChannel();
		long older = client().post(channel, "older", "x").json().get("id").asLong();
		long newer = client().post(channel, "newer", "x").json().get("id").asLong();
		Response newest = await().atMost(Duration.ofSeconds(10))
			.until(() -> fetch(client(), channel, "&limit=1", null),
					response -> response.body().contains("data-update-id=\"" + newer + "\""));
		String link = "/updates/feed?channel=" + channel + "&before=" + newer;
		assertThat(newest.body()).contains("hx-get=\"" + link.replace("&", "&amp;") + "\"");

		Response next = client().send("GET", link + "&limit=1", null);
		assertThat(next.body()).contains("data-update-id=\"" + older + "\"").doesNotContain("data-update-id=\"" + newer + "\"");
	}

	@Test
	void pageThatAlreadyShowsTheNewestFeedGetsNotModified() {
		String channel = newChannel();
		long first = client().post(channel, "first", "x").json().get("id").asLong();
		Response shown = await().atMost(Duration.ofSeconds(10))
			.until(() -> fetch(client(), channel, null, null), response -> response.body().contains("data-update-id=\"" + first + "\""));
		String etag = shown.header("ETag");
		assertThat(etag).isNotNull();

		assertThat(fetch(client(), channel, null, etag).status()).isEqualTo(304);

		long second = client().post(channel, "second", "x").json().get("id").asLong();
		Response changed = await().atMost(Duration.ofSeconds(10))
			.until(() -> fetch(client(), channel, null, etag), response -> response.status() == 200);
		assertThat(changed.body()).contains("data-update-id=\"" + second + "\"");
		assertThat(changed.header("ETag")).isNotEqualTo(etag);
	}

	@Test
	void manyPagesAskingAfterOneChangeReadTheDatabaseOnce() {
		String channel = newChannel();
		long posted = client().post(channel, "for everyone", "x").json().get("id").asLong();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> fetch(client(), channel, null, null).body().contains("data-update-id=\"" + posted + "\""));
		double rendersBefore = this.meters.counter("baton.feed.renders").count();

		IntStream.range(0, 50).parallel().forEach(page -> assertThat(fetch(client(), channel, null, null).body())
			.contains("data-update-id=\"" + posted + "\""));

		// each read of the page is rendered once: this instance's own count, which the other
		// instances and test contexts on the shared database do not move (a few renders for
		// events other tests commit meanwhile, none per view)
		double renders = this.meters.counter("baton.feed.renders").count() - rendersBefore;
		System.out.printf("[measure] 50 page views of one unchanged feed rendered it %.0f times%n", renders);
		assertThat(renders).isLessThan(5);
	}

	@Test
	void unknownChannelsAreRefusedAndNoPageOfThemIsKept() {
		String known = newChannel();
		assertThat(fetch(client(), known, null, null).status()).isEqualTo(200);
		int kept = this.feedPages.size();

		for (int i = 0; i < 200; i++) {
			String unknown = "no-such-channel-" + i;
			assertThat(fetch(client(), unknown, null, null).status()).isEqualTo(400);
			assertThat(client().send("GET", "/?channel=" + unknown, null).status()).isEqualTo(400);
		}

		assertThat(this.feedPages.size()).isEqualTo(kept);
	}

	@Test
	void keptPagesAreBoundedWhateverSizesAndChannelsAreAskedFor() {
		List<String> channels = IntStream.range(0, FeedPages.MAX_PAGES / Limits.MAX_PAGE_SIZE + 1)
			.mapToObj(i -> newChannel())
			.toList();
		String last = channels.get(channels.size() - 1);

		channels.forEach(channel -> IntStream.rangeClosed(1, Limits.MAX_PAGE_SIZE)
			.parallel()
			.forEach(size -> assertThat(fetch(client(), channel, "&limit=" + size, null).status()).isEqualTo(200)));

		assertThat(this.feedPages.size()).isLessThanOrEqualTo(FeedPages.MAX_PAGES);
		// past the bound pages are still served, and kept anew
		long posted = client().post(last, "past the bound", "x").json().get("id").asLong();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> fetch(client(), last, "&limit=7", null).body().contains("data-update-id=\"" + posted + "\""));
	}

	// the newest page of channel's feed, with more query parameters when not null
	private static Response fetch(BatonClient viewer, String channel, String more, String etag) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(viewer.uri("http", "/updates/feed?channel=" + channel + ((more != null) ? more : "")));
		if (etag != null) {
			request.header("If-None-Match", etag);
		}
		return viewer.send(request);
	}

	private double renders() {
		return this.meters.counter("baton.feed.renders").count();
	}

}
