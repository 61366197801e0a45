package dev.baton.admin;

import java.time.Duration;
import java.util.UUID;

import dev.baton.support.BatonClient;
import dev.baton.support.Browser;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Layout;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's page, in Chromium: live figures pushed over the service's own SSE, and the
 * channels and service tokens as they stand.
 */
class AdminPageIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@Test
	void adminSeesFiguresMoveLiveAsEventsAreRelayed() {
		String channel = newChannel();
		listed();
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
		Listed listed = listed();
		try (Browser phone = new Browser(this.port).phone(375).signIn("admin", ADMIN_PASSWORD).open("/admin")) {
			phone.awaitStatus("live", WAIT);
			phone.until(WAIT, d -> "UP".equals(phone.find("#health").getText()));
			phone.until(WAIT, d -> events(phone));
			assertThat(cell(phone, "channel", listed.module(), "may read")).isEqualTo("role:admin");
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
	void pageListsEveryChannelWithWhoMayReadAndPublishAndEveryTokenWithItsScope() {
		Listed listed = listed();
		String feed = newChannel();
		String escaped = "f-" + suffix();
		assertThat(client().send("POST", "/api/channels",
				"{\"name\":\"%s\",\"description\":\"<b>not bold</b> & co\"}".formatted(escaped)).status())
			.isEqualTo(201);
		try (Browser browser = new Browser(this.port).signIn("admin", ADMIN_PASSWORD).open("/admin")) {
			assertThat(cell(browser, "channel", listed.module(), "kind")).isEqualTo("module");
			assertThat(cell(browser, "channel", listed.module(), "may read")).isEqualTo("role:admin");
			assertThat(cell(browser, "channel", listed.module(), "may publish")).isEqualTo("role:member, user:ana");
			assertThat(cell(browser, "channel", feed, "kind")).isEqualTo("feed");
			assertThat(cell(browser, "channel", feed, "may read")).isEqualTo("everyone signed in (default)");
			assertThat(cell(browser, "channel", feed, "may publish")).isEqualTo("everyone signed in (default)");
			assertThat(cell(browser, "channel", "announcements", "may publish")).isEqualTo("admins (default)");
			assertThat(cell(browser, "channel", escaped, "description")).isEqualTo("<b>not bold</b> & co");

			assertThat(cell(browser, "token", listed.valid(), "may publish on")).isEqualTo(listed.module());
			assertThat(cell(browser, "token", listed.valid(), "may read")).isEqualTo(listed.module() + ", general");
			assertThat(cell(browser, "token", listed.valid(), "status")).isEqualTo("valid");
			assertThat(cell(browser, "token", listed.revoked(), "may read")).isEqualTo("none");
			assertThat(cell(browser, "token", listed.revoked(), "status"))
				.matches("revoked at \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC");
			assertThat(browser.pageSource()).doesNotContain(listed.secret()).doesNotContain("baton_");
		}
	}

	// the text of a cell of the channel or token row named name, in the column labelled label
	private static String cell(Browser browser, String table, String name, String label) {
		return browser.find("tr[data-%s='%s'] [data-label='%s']".formatted(table, name, label)).getText();
	}

	/**
	 * A module channel that only admins read and that ana and members publish on, a valid token
	 * for it and a revoked one, created through the API as an admin would.
	 */
	private Listed listed() {
		String module = newModuleChannel();
		assertThat(client().send("PUT", "/api/channels/%s/permissions".formatted(module),
				"{\"read\":[\"role:admin\"],\"publish\":[\"user:ana\",\"role:member\"]}").status())
			.isEqualTo(200);
		BatonClient.Response valid = token("orders-" + suffix(), module, "[\"%s\",\"general\"]".formatted(module));
		BatonClient.Response revoked = token("retired-" + suffix(), module, "[]");
		assertThat(client().send("DELETE", "/api/tokens/" + revoked.json().get("id").asLong(), null).status())
			.isEqualTo(204);
		return new Listed(module, valid.json().get("name").asString(), revoked.json().get("name").asString(),
				valid.json().get("token").asString());
	}

	private BatonClient.Response token(String name, String publish, String read) {
		BatonClient.Response created = client().send("POST", "/api/tokens",
				"{\"name\":\"%s\",\"publish\":[\"%s\"],\"read\":%s}".formatted(name, publish, read));
		assertThat(created.status()).isEqualTo(201);
		return created;
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	/** What {@link #listed()} created: a module channel, its tokens' names and the valid one's secret. */
	private record Listed(String module, String valid, String revoked, String secret) {
	}

	@Test
	void onlyAdminsSeeThePage() {
		assertThat(newMember().send("GET", "/admin", null).status()).isEqualTo(403);
		assertThat(newMember().send("GET", "/admin/figures", null).status()).isEqualTo(403);
		assertThat(anonymous().send("GET", "/admin", null).status()).isEqualTo(302);
		assertThat(client().send("GET", "/admin", null).status()).isEqualTo(200);
	}

}
