package dev.baton.web;

import java.net.http.HttpRequest;

import dev.baton.support.BatonClient.Response;
import dev.baton.support.Browser;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Layout;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors as a person's browser shows them, and as API clients keep getting them. */
class ErrorPageIntegrationTests extends IntegrationTest {

	// what Chromium sends when it navigates
	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	@Test
	void browserAskingForAnUnknownChannelGetsAPageThatSaysSoAndLeadsBack() {
		try (Browser browser = new Browser(this.port).signIn("admin", ADMIN_PASSWORD)) {
			browser.open("/?channel=nope");
			assertThat(browser.find(".status").getText()).isEqualTo("Error 400");
			assertThat(browser.find(".message").getText()).isEqualTo("Unknown channel 'nope'.");
			assertThat(browser.find("a.button").getDomAttribute("href")).isEqualTo("/");
			assertThat(browser.pageSource()).doesNotContain("\"detail\":");
			Layout.check(browser, "error");
			browser.find("a.button").click();
			browser.until(d -> browser.path().equals("/"));
		}
		try (Browser phone = new Browser(this.port).phone(375).signIn("admin", ADMIN_PASSWORD)) {
			phone.open("/?channel=nope");
			Layout.check(phone, "error-375px");
		}
	}

	@Test
	void browserAskingForAPageThatDoesNotExistGetsANotFoundPage() {
		try (Browser browser = new Browser(this.port).signIn("admin", ADMIN_PASSWORD)) {
			browser.open("/no-such-page");
			assertThat(browser.find(".status").getText()).isEqualTo("Error 404");
			assertThat(browser.find("h1").getText()).isEqualTo("Page not found");
			assertThat(browser.find(".message").getText()).isEqualTo("There is no page at this address.");
			Layout.check(browser);
		}
	}

	@Test
	void pagesAnswerHtmlOnlyToRequestsThatAskForIt() {
		Response page = get("/?channel=nope", BROWSER_ACCEPT);
		assertThat(page.status()).isEqualTo(400);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.body()).contains("Unknown channel &#39;nope&#39;.", "href=\"/\"");

		assertThat(get("/no-such-page", BROWSER_ACCEPT).status()).isEqualTo(404);
		assertThat(get("/no-such-page", BROWSER_ACCEPT).header("Content-Type")).startsWith("text/html");

		for (String accept : new String[] { null, "*/*", "application/json", "application/problem+json" }) {
			Response problem = get("/?channel=nope", accept);
			assertThat(problem.status()).as("Accept: %s", accept).isEqualTo(400);
			assertThat(problem.header("Content-Type")).as("Accept: %s", accept).isEqualTo("application/problem+json");
			assertThat(problem.json().get("detail").asString()).isEqualTo("Unknown channel 'nope'");
			assertThat(get("/no-such-page", accept).header("Content-Type")).as("Accept: %s", accept)
				.isEqualTo("application/problem+json");
		}
	}

	@Test
	void apiAnswersProblemsEvenToRequestsThatAskForHtml() {
		Response problem = get("/api/updates?channel=nope", BROWSER_ACCEPT);
		assertThat(problem.status()).isEqualTo(400);
		assertThat(problem.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(get("/api/no-such-thing", BROWSER_ACCEPT).header("Content-Type"))
			.isEqualTo("application/problem+json");
	}

	private Response get(String path, String accept) {
		HttpRequest.Builder request = HttpRequest.newBuilder(client().uri("http", path)).GET();
		if (accept != null) {
			request.header("Accept", accept);
		}
		return client().send(request);
	}

}
