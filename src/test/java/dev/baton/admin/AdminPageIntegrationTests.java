package dev.baton.admin;

import java.time.Duration;

import dev.baton.support.Browser;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Layout;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator's page, in Chromium: live figures pushed over the service's own SSE. */
class AdminPageIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@Test
	void adminSeesFiguresMoveLiveAsEventsAreRelayed() {
		String channel = newChannel();
		try (Browser browser = new Browser(this.port).signIn("admin", ADMIN_PASSWORD).open("/admin")) {
			browser.awaitStatus("live", WAIT);
			browser.until(WAIT, d -> "UP".equals(browser.find("#health").getText()));
			assertThat(browser.find("#components").getText()).contains("db UP").contains("relay UP");
			long before = browser.until(WAIT, d -> events(browser));

			for (int i = 0; i < 3; i++) {
				client().post(channel, "counted " + i, "x");
			}
			browser.until(WAIT, d -> events(browser) >= before + 3);
			assertThat(browser.find("#relay-lag").getText()).matches("\\d+ ms|–");
			Layout.check(browser, "admin");
		}
	}

	@Test
	void figuresAndTablesKeepTheirPlaceOnAPhone() {
		try (Browser phone = new Browser(this.port).phone(375).signIn("admin", ADMIN_PASSWORD).open("/admin")) {
			phone.awaitStatus("live", WAIT);
			phone.until(WAIT, d -> "UP".equals(phone.find("#health").getText()));
			phone.until(WAIT, d -> events(phone));
			Layout.check(phone, "admin-375px");
		}
	}

	// the count since the page's figures started, or null before the first figures arrive
	private static Long events(Browser browser) {
		String text = browser.find("#events").getText();
		return text.matches("\\d+") ? Long.valueOf(text) : null;
	}

	@Test
	void figuresCountOpenStreams() {
		try (Browser browser = new Browser(this.port).signIn("admin", ADMIN_PASSWORD).open("/admin")) {
			browser.awaitStatus("live", WAIT);
			// the page's own stream at least; streams of other test classes may come and go, so the
			// count is taken as it stands, and a stream of this test must move it by one each way
			int before = browser.until(WAIT, d -> streams(browser));
			try (var sse = client().sse("/api/updates/stream", null)) {
				browser.until(WAIT, d -> streams(browser) == before + 1);
			}
			browser.until(WAIT, d -> streams(browser) == before);
		}
	}

	// the open streams, once the page's figures have arrived
	private static Integer streams(Browser browser) {
		String text = browser.find("#streams").getText();
		return text.matches("\\d+") ? Integer.valueOf(text) : null;
	}

	@Test
	void onlyAdminsSeeThePage() {
		assertThat(newMember().send("GET", "/admin", null).status()).isEqualTo(403);
		assertThat(newMember().send("GET", "/admin/figures", null).status()).isEqualTo(403);
		assertThat(anonymous().send("GET", "/admin", null).status()).isEqualTo(302);
		assertThat(client().send("GET", "/admin", null).status()).isEqualTo(200);
	}

}
