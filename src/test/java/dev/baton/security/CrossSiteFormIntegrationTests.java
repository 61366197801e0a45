package dev.baton.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.baton.support.BatonClient;
import dev.baton.support.Browser;
import dev.baton.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A page of another origin cannot make a browser post with the Basic credentials it cached. */
class CrossSiteFormIntegrationTests extends IntegrationTest {

	@Test
	void aCrossSiteFormSentWithCachedBasicCredentialsPostsNothing() {
		BatonClient member = newMember();
		String channel = newChannel();
		try (Browser browser = new Browser(this.port)) {
			// as after a person answered the Basic prompt of the API document: the browser sends the
			// credentials with every request to the service, whichever page makes it
			browser.devTools("Network.enable", Map.of());
			browser.devTools("Network.setExtraHTTPHeaders",
					Map.of("headers", Map.of("Authorization", member.authorization())));
			browser.visit("http://127.0.0.1:%d/api/channels".formatted(this.port));
			assertThat(browser.pageSource()).contains("announcements");

			String attack = """
					<form method="post" action="http://127.0.0.1:%d/updates">
					<input name="channel" value="%s"><input name="title" value="Forged"><input name="body" value="x">
					</form><script>document.forms[0].submit()</script>""".formatted(this.port, channel);
			browser.visit("data:text/html," + URLEncoder.encode(attack, StandardCharsets.UTF_8).replace("+", "%20"));

			browser.until(Duration.ofSeconds(10), driver -> driver.getCurrentUrl().contains("/updates") ? true : null);
			assertThat(browser.pageSource()).contains("CSRF token");
		}
		assertThat(client().send("GET", "/api/updates?channel=" + channel, null).json()).isEmpty();
	}

}
