package dev.baton.web;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.baton.support.BatonClient;
import dev.baton.support.Browser;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Layout;
import dev.baton.support.TcpProxy;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/** The feed page in real headless Chromium, against a running Baton. */
class FeedPageIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@Test
	void signedInPersonSeesTheLiveFeed() {
		long id = client().post("general", "Welcome to Baton", "Line one\nLine two").json().get("id").asLong();
		try (Browser browser = new Browser(this.port).signIn("admin", ADMIN_PASSWORD)) {
			browser.awaitStatus("live", WAIT);
			WebElement update = browser.awaitUpdate(id, WAIT);
			assertThat(update.findElement(By.tagName("h3")).getText()).isEqualTo("Welcome to Baton");
			assertThat(update.findElement(By.cssSelector(".body")).getText()).isEqualTo("Line one\nLine two");
			assertThat(update.findElement(By.cssSelector(".author")).getText()).isEqualTo("admin");
			assertThat(update.findElement(By.tagName("time")).getText()).isIn("now", "1 second ago", "2 seconds ago",
					"3 seconds ago", "4 seconds ago", "5 seconds ago", "6 seconds ago", "7 seconds ago", "8 seconds ago",
					"9 seconds ago", "10 seconds ago");
			assertThat(browser.find("#connection").getText()).isEqualTo("Live");
			Layout.check(browser, "feed");
		}
		try (Browser phone = new Browser(this.port).phone(375).signIn("admin", ADMIN_PASSWORD)) {
			phone.awaitUpdate(id, WAIT);
			phone.awaitStatus("live", WAIT);
			Layout.check(phone, "feed-375px");
		}
	}

	@Test
	void updatePostedThroughTheApiAppearsInTwoOpenPagesWithoutReload() {
		try (Browser first = new Browser(this.port).signIn("admin", ADMIN_PASSWORD);
				Browser second = new Browser(this.port).signIn("admin", ADMIN_PASSWORD)) {
			for (Browser browser : List.of(first, second)) {
				browser.awaitStatus("live", WAIT);
				browser.script("window.stillTheSamePage = true");
			}
			long posted = System.nanoTime();
			long id = client().post("general", "Posted through the API", "x").json().get("id").asLong();

			first.awaitUpdate(id, WAIT);
			second.awaitUpdate(id, WAIT);
			System.out.printf("[measure] API post to visible in two open pages: %.0f ms%n", (System.nanoTime() - posted) / 1e6);
			assertThat(first.script("return window.stillTheSamePage")).isEqualTo(true);
			assertThat(second.script("return window.stillTheSamePage")).isEqualTo(true);
		}
	}

	@Test
	void updateTypedInOnePageAppearsInTheOtherWithoutAFetch() {
		try (Browser author = new Browser(this.port).signIn("admin", ADMIN_PASSWORD);
				Browser reader = new Browser(this.port).signIn("admin", ADMIN_PASSWORD)) {
			author.awaitStatus("live", WAIT);
			reader.awaitStatus("live", WAIT);
			String title = "Typed in a page " + System.nanoTime();
			author.find("#new-title").sendKeys(title);
			author.find("#new-body").sendKeys("Hello from the other tab");
			long authorRequests = requests(author);
			long readerRequests = requests(reader);

			long submitted = System.nanoTime();
			author.find("#new-update button[type=submit]").click();
			reader.until(WAIT, d -> d.findElements(By.xpath("//li[@data-update-id]/h3[text()='" + title + "']")).isEmpty() ? null : true);
			System.out.printf("[measure] post typed in one page to visible in the other: %.0f ms%n", (System.nanoTime() - submitted) / 1e6);

			author.until(WAIT, d -> d.findElements(By.xpath("//li[@data-update-id]/h3[text()='" + title + "']")).isEmpty() ? null : true);
			author.until(d -> author.find("#new-title").getDomProperty("value").isEmpty());
			sleepQuietly(500);
			assertThat(requests(author) - authorRequests).as("requests of the page that posted over its socket").isZero();
			assertThat(requests(reader) - readerRequests).as("requests of the page that saw it").isZero();
		}
	}

	// A post, an edit and a delete, each made through the API and through the other page, reach
	// both pages as pushed items: a page makes no request for any of them, only for what its own
	// person does (opening an Edit form, deleting).
	@Test
	void changesFromTheApiAndFromTheOtherPageReachBothPagesWithoutARequest() {
		String channel = newChannel();
		try (Browser first = new Browser(this.port).signIn("admin", ADMIN_PASSWORD);
				Browser second = new Browser(this.port).signIn("admin", ADMIN_PASSWORD)) {
			for (Browser page : List.of(first, second)) {
				page.open("/?channel=" + channel).awaitStatus("live", WAIT);
			}
			long fromApi = client().post(channel, "Posted through the API", "x").json().get("id").asLong();
			first.awaitUpdate(fromApi, WAIT);
			// shown as a loaded item is: its time relative at once
			assertThat(second.awaitUpdate(fromApi, WAIT).findElement(By.tagName("time")).getText()).matches("now|\\d+ seconds? ago");

			second.find("#new-title").sendKeys("Posted in the second page");
			second.find("#new-body").sendKeys("y");
			second.find("#new-update button[type=submit]").click();
			WebElement typed = first.until(WAIT, d -> d.findElements(By.xpath("//li[@data-update-id]/h3[text()='Posted in the second page']/..")).stream().findFirst().orElse(null));
			long fromPage = Long.parseLong(typed.getDomAttribute("data-update-id"));

			// edited in the first page, on the item it was pushed
			openEdit(first, fromPage);
			WebElement title = first.until(WAIT, d -> d.findElements(By.id("title-" + fromPage)).stream().findFirst().orElse(null));
			title.clear();
			title.sendKeys("Edited in the first page");
			first.find("li[data-update-id='" + fromPage + "'] form button[type=submit]").click();
			for (Browser page : List.of(first, second)) {
				page.until(WAIT, d -> titleOf(page, fromPage).equals("Edited in the first page") ? true : null);
			}
			assertThat(first.awaitUpdate(fromPage, WAIT).findElement(By.cssSelector(".edited")).isDisplayed()).isTrue();

			client().send("PATCH", "/api/updates/" + fromApi, "{\"title\":\"Edited through the API\"}");
			for (Browser page : List.of(first, second)) {
				page.until(WAIT, d -> titleOf(page, fromApi).equals("Edited through the API") ? true : null);
			}

			// deleted in the second page, on the item it was pushed
			second.script("window.confirm = () => true");
			second.awaitUpdate(fromPage, WAIT).findElement(By.cssSelector(".actions .delete")).click();
			assertThat(client().send("DELETE", "/api/updates/" + fromApi, null).status()).isEqualTo(204);
			for (Browser page : List.of(first, second)) {
				page.until(WAIT, d -> d.findElements(By.cssSelector("#updates > li[data-update-id]")).isEmpty());
			}

			sleepQuietly(500);
			assertThat(requestedPaths(first)).as("the first page's requests after it loaded")
				.containsExactly("/updates/" + fromPage + "/edit");
			assertThat(requestedPaths(second)).as("the second page's requests after it loaded")
				.containsExactly("/updates/" + fromPage + "/delete");
		}
	}

	// Someone typing in an Edit form keeps what they typed; the change shows when they close it.
	@Test
	void anOpenEditFormIsNotReplacedUnderThePersonTypingInIt() {
		String channel = newChannel();
		long id = client().post(channel, "Before", "x").json().get("id").asLong();
		try (Browser browser = new Browser(this.port).signIn("admin", ADMIN_PASSWORD)) {
			browser.open("/?channel=" + channel).awaitStatus("live", WAIT);
			openEdit(browser, id);
			WebElement title = browser.until(WAIT, d -> d.findElements(By.id("title-" + id)).stream().findFirst().orElse(null));
			title.sendKeys(" and typing");

			client().send("PATCH", "/api/updates/" + id, "{\"title\":\"Changed elsewhere\"}");
			sleepQuietly(1000);
			assertThat(browser.find("#title-" + id).getDomProperty("value")).isEqualTo("Before and typing");
			assertThat(titleOf(browser, id)).isEqualTo("Before");
			Layout.check(browser, "feed-editing");

			browser.find("li[data-update-id='" + id + "'] summary").click();
			browser.until(WAIT, d -> titleOf(browser, id).equals("Changed elsewhere") ? true : null);
		}
		try (Browser phone = new Browser(this.port).phone(375).signIn("admin", ADMIN_PASSWORD)) {
			phone.open("/?channel=" + channel).awaitStatus("live", WAIT);
			openEdit(phone, id);
			phone.until(WAIT, d -> d.findElements(By.id("title-" + id)).stream().findFirst().orElse(null));
			phone.script("arguments[0].scrollIntoView()", phone.awaitUpdate(id, WAIT));
			Layout.check(phone, "feed-editing-375px");
		}
	}

	private static void openEdit(Browser browser, long id) {
		browser.awaitUpdate(id, WAIT).findElement(By.cssSelector("summary")).click();
	}

	private static String titleOf(Browser browser, long id) {
		return browser.awaitUpdate(id, WAIT).findElement(By.tagName("h3")).getText();
	}

	// every request the page made after it first loaded (its script and style came with the load)
	private static long requests(Browser browser) {
		return requestedPaths(browser).size();
	}

	@SuppressWarnings("unchecked")
	private static List<String> requestedPaths(Browser browser) {
		return (List<String>) browser.script("return performance.getEntriesByType('resource')"
				+ ".filter(e => e.initiatorType === 'xmlhttprequest' || e.initiatorType === 'fetch')"
				+ ".map(e => new URL(e.name).pathname)");
	}

	@Test
	void markupInAPostIsShownAsTextAndNeverRuns() {
		String title = "<script>window.pwned = 1</script>";
		String body = "<img src=x onerror=\"window.pwned = 2\"> & <b>bold</b>";
		try (Browser browser = new Browser(this.port).signIn("admin", ADMIN_PASSWORD)) {
			browser.awaitStatus("live", WAIT);
			long id = client().post("general", title, body).json().get("id").asLong();

			WebElement update = browser.awaitUpdate(id, WAIT);
			assertThat(update.findElement(By.tagName("h3")).getText()).isEqualTo(title);
			assertThat(update.findElement(By.cssSelector(".body")).getText()).isEqualTo(body);
			assertThat(update.findElements(By.tagName("img"))).isEmpty();
			assertThat(update.findElements(By.tagName("script"))).isEmpty();
			assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
		}
		String fragment = client().send("GET", "/updates/feed?channel=general", null).body();
		assertThat(fragment).contains("&lt;script&gt;window.pwned = 1&lt;/script&gt;", "&lt;img src=x onerror=")
			.doesNotContain("<script>window.pwned", "<img src=x");
	}

	@Test
	void aPageWhoseUserIsDeletedSaysSignedOutAndStopsReconnecting() {
		BatonClient member = newMember();
		try (Browser browser = new Browser(this.port).signIn(member.username(), member.password())) {
			browser.awaitStatus("live", WAIT);

			assertThat(client().send("DELETE", "/api/users/" + member.username(), null).status()).isEqualTo(204);

			browser.awaitStatus("signed-out", WAIT);
			assertThat(browser.find("#connection").getText()).contains("Signed out");
			long streams = this.db.sql("SELECT count(*) AS n FROM web_sessions WHERE username = :name")
				.bind("name", member.username())
				.map(row -> row.get("n", Long.class))
				.one()
				.block();
			assertThat(streams).isZero();
		}
	}

	// The feed's items are the same for every viewer; the page shows Edit and Delete where they
	// apply. A name that starts with a digit and holds a dot is no CSS identifier until escaped.
	@Test
	void membersEditTheirOwnPostsOnlyAndSeeOnlyTheChannelsTheyMayPostTo() {
		BatonClient member = newMember("0.member-");
		try (Browser browser = new Browser(this.port).signIn(member.username(), member.password())) {
			browser.awaitStatus("live", WAIT);
			long own = member.post("general", "Mine to edit", "first version").json().get("id").asLong();
			long others = client().post("general", "The admin's", "x").json().get("id").asLong();
			browser.until(WAIT, d -> (actionsShown(browser, own) && !actionsShown(browser, others)) ? true : null);
			assertThat(browser.find("#new-channel").findElements(By.tagName("option")))
				.extracting(WebElement::getText)
				.doesNotContain("announcements")
				.contains("general");

			openEdit(browser, own);
			WebElement body = browser.until(WAIT, d -> d.findElements(By.id("body-" + own)).stream().findFirst().orElse(null));
			body.clear();
			body.sendKeys("second version");
			browser.find("li[data-update-id='" + own + "'] form button[type=submit]").click();

			browser.until(WAIT, d -> {
				WebElement edited = browser.awaitUpdate(own, WAIT);
				return edited.findElement(By.cssSelector(".body")).getText().equals("second version")
						&& edited.findElement(By.cssSelector(".edited")).getText().contains("edited") ? true : null;
			});
		}
	}

	@Test
	void adminSeesEditAndDeleteOnEveryPost() {
		try (Browser browser = new Browser(this.port).signIn("admin", ADMIN_PASSWORD)) {
			browser.awaitStatus("live", WAIT);
			long members = newMember().post("general", "A member's", "x").json().get("id").asLong();
			long own = client().post("general", "The admin's own", "x").json().get("id").asLong();
			browser.until(WAIT, d -> (actionsShown(browser, members) && actionsShown(browser, own)) ? true : null);
		}
	}

	// Delete is a small text control among the item's actions, not a red block on every post,
	// and it still asks first
	@Test
	void deleteIsAQuietControlThatAsksFirst() {
		String channel = newChannel();
		long id = client().post(channel, "To be deleted", "x").json().get("id").asLong();
		try (Browser browser = new Browser(this.port).signIn("admin", ADMIN_PASSWORD)) {
			browser.open("/?channel=" + channel).awaitStatus("live", WAIT);
			WebElement delete = browser.awaitUpdate(id, WAIT).findElement(By.cssSelector(".actions .delete"));
			assertThat(delete.getText()).isEqualTo("Delete");
			assertThat(delete.getCssValue("background-color")).isEqualTo("rgba(0, 0, 0, 0)");
			assertThat(Double.parseDouble(delete.getCssValue("font-size").replace("px", ""))).isLessThan(16);
			assertThat(delete.getDomAttribute("hx-confirm")).isEqualTo("Delete this update?");

			browser.script("window.confirm = (question) => { window.asked = question; return false; }");
			delete.click();
			assertThat(browser.script("return window.asked")).isEqualTo("Delete this update?");
			assertThat(browser.awaitUpdate(id, WAIT).isDisplayed()).isTrue();

			browser.script("window.confirm = () => true");
			browser.awaitUpdate(id, WAIT).findElement(By.cssSelector(".actions .delete")).click();
			browser.until(WAIT, d -> d.findElements(By.cssSelector("li[data-update-id='" + id + "']")).isEmpty());
		}
	}

	// Announcements are for admins: a member on that tab posts to general, is told so beside the
	// select, and is told where the post went, as it does not appear in the view. The browser
	// would otherwise pick the first channel by name (here one named a-…).
	@Test
	void postFormPointsAtAChannelThePersonMayPostToAndSaysWhereAPostWent() {
		String first = newChannel("a-");
		BatonClient member = newMember();
		try (Browser browser = new Browser(this.port).signIn(member.username(), member.password())) {
			assertThat(selectedChannel(browser)).as("on the All tab").isEqualTo("general");
			browser.open("/?channel=" + first);
			assertThat(selectedChannel(browser)).as("on a tab the member may post to").isEqualTo(first);

			browser.open("/?channel=announcements").awaitStatus("live", WAIT);
			assertThat(selectedChannel(browser)).as("on announcements").isEqualTo("general");
			assertThat(browser.find("#new-channel-hint").getText()).contains("#announcements");
			String title = "Meant for announcements " + System.nanoTime();
			browser.find("#new-title").sendKeys(title);
			browser.find("#new-body").sendKeys("x");
			browser.find("#new-update button[type=submit]").click();

			WebElement posted = browser.until(WAIT, d -> d.findElements(By.cssSelector("#new-update .posted")).stream().findFirst().orElse(null));
			assertThat(posted.getText()).isEqualTo("Posted to #general.");
			assertThat(posted.findElement(By.tagName("a")).getDomAttribute("href")).isEqualTo("/?channel=general");
			Layout.check(browser);
		}
		// the same answer over HTTP, as a page without its WebSocket posts
		BatonClient page = anonymous().withCookies(anonymous().signIn(member.username(), member.password()));
		String token = BatonClient.csrfToken(page.send("GET", "/?channel=announcements", null).body());
		String answer = page.send(HttpRequest.newBuilder(page.uri("http", "/updates"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-CSRF-TOKEN", token)
			.POST(HttpRequest.BodyPublishers.ofString("view=announcements&channel=general&title=t&body=b"))).body();
		assertThat(answer).contains("Posted to <a href=\"/?channel=general\">#general</a>.", "name=\"view\" value=\"announcements\"");
		String sameView = page.send(HttpRequest.newBuilder(page.uri("http", "/updates"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-CSRF-TOKEN", token)
			.POST(HttpRequest.BodyPublishers.ofString("view=general&channel=general&title=t&body=b"))).body();
		assertThat(sameView).doesNotContain("Posted to");
	}

	private static String selectedChannel(Browser browser) {
		return browser.find("#new-channel").getDomProperty("value");
	}

	// the feed may be swapped meanwhile: callers wait on this with Browser.until, which retries
	private static boolean actionsShown(Browser browser, long id) {
		return browser.awaitUpdate(id, WAIT).findElement(By.cssSelector(".actions")).isDisplayed();
	}

	@Test
	void olderPagesStayWhenTheFeedRefreshes() {
		String channel = newChannel();
		for (int i = 1; i <= 25; i++) {
			client().post(channel, "Post " + i, "x");
		}
		try (Browser browser = new Browser(this.port).signIn("admin", ADMIN_PASSWORD)) {
			browser.open("/?channel=" + channel).awaitStatus("live", WAIT);
			assertThat(shown(browser)).isEqualTo(20);
			browser.find("li.older button").click();
			browser.until(WAIT, d -> (shown(browser) == 25) ? true : null);
			// as htmx settles the items in, well before the minute's timer next runs
			browser.until(WAIT, d -> Layout.visibleTexts(browser, "#updates time")
				.stream()
				.noneMatch(text -> text.matches("\\d{4}-\\d{2}-\\d{2}T.*")) ? true : null);
			assertThat(Layout.visibleTexts(browser, "#updates time")).hasSize(25);

			long id = client().post(channel, "Post 26", "x").json().get("id").asLong();
			browser.awaitUpdate(id, WAIT);
			assertThat(shown(browser)).isEqualTo(26);
		}
	}

	private static long shown(Browser browser) {
		return (Long) browser.script("return document.querySelectorAll('#updates > li[data-update-id]').length");
	}

	@Test
	void pagePostsOverItsLiveWebSocket() {
		try (Browser browser = new Browser(this.port).signIn("admin", ADMIN_PASSWORD)) {
			browser.awaitStatus("live", WAIT);
			String title = "Over the socket " + System.nanoTime();
			browser.find("#new-title").sendKeys(title);
			browser.find("#new-body").sendKeys("Sent as a command");
			browser.find("#new-update button[type=submit]").click();

			browser.until(WAIT, d -> d.findElements(By.xpath("//li[@data-update-id]/h3[text()='" + title + "']")).isEmpty() ? null : true);
			browser.until(d -> browser.find("#new-title").getDomProperty("value").isEmpty());
			assertThat(formPosts(browser)).as("form posts over HTTP").isZero();
			assertThat(browser.transport()).isEqualTo("websocket");
		}
	}

	@Test
	void pageWithWebSocketsBlockedStillPostsOverHttp() throws Exception {
		try (TcpProxy proxy = new TcpProxy(this.port); Browser browser = new Browser(proxy.port())) {
			proxy.refuseWebSockets(true);
			browser.signIn("admin", ADMIN_PASSWORD);
			browser.until(WAIT, d -> "sse".equals(browser.transport()) && "live".equals(browser.connectionStatus()));
			browser.find("#new-title").sendKeys("   ");
			browser.find("#new-body").sendKeys("x");
			browser.find("#new-update button[type=submit]").click();
			WebElement error = browser.until(d -> d.findElements(By.id("new-title-error")).stream().findFirst().orElse(null));
			assertThat(error.getText()).isEqualTo("must not be blank");

			String title = "Over HTTP " + System.nanoTime();
			browser.find("#new-title").clear();
			browser.find("#new-title").sendKeys(title);
			browser.find("#new-update button[type=submit]").click();

			browser.until(WAIT, d -> d.findElements(By.xpath("//li[@data-update-id]/h3[text()='" + title + "']")).isEmpty() ? null : true);
			assertThat(formPosts(browser)).as("form posts over HTTP").isEqualTo(2);
		}
	}

	private static long formPosts(Browser browser) {
		return (Long) browser.script(
				"return performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname === '/updates').length");
	}

	@Test
	void validationErrorsAreShownNextToTheField() {
		try (Browser browser = new Browser(this.port).signIn("admin", ADMIN_PASSWORD)) {
			browser.awaitStatus("live", WAIT);
			browser.find("#new-title").sendKeys("   ");
			browser.find("#new-body").sendKeys("A body without a title");
			browser.find("#new-update button[type=submit]").click();

			WebElement error = browser.until(d -> d.findElements(By.id("new-title-error")).stream().findFirst().orElse(null));
			assertThat(error.getText()).isEqualTo("must not be blank");
			assertThat(browser.find("#new-body").getDomProperty("value")).isEqualTo("A body without a title");
		}
	}

	// The page resumes after what it saw: the posts, edits and deletes it missed are replayed as
	// pushed items, and it shows what the database holds, without a reload and without a fetch.
	@Test
	void pageThatLostTheNetworkShowsWhatChangedMeanwhileWhenBack() throws Exception {
		String channel = newChannel();
		client().post(channel, "Kept", "x");
		long edited = client().post(channel, "To be edited", "x").json().get("id").asLong();
		long deleted = client().post(channel, "To be deleted", "x").json().get("id").asLong();
		try (TcpProxy network = new TcpProxy(this.port); Browser browser = new Browser(network.port())) {
			browser.signIn("admin", ADMIN_PASSWORD).open("/?channel=" + channel).awaitStatus("live", WAIT);
			browser.script("window.stillTheSamePage = true");
			long requests = requests(browser);

			network.cut();
			browser.until(WAIT, d -> !"live".equals(browser.connectionStatus()));
			long first = client().post(channel, "Posted while offline 1", "x").json().get("id").asLong();
			long second = client().post(channel, "Posted while offline 2", "<b>markup</b>").json().get("id").asLong();
			client().send("PATCH", "/api/updates/" + edited, "{\"title\":\"Edited while offline\"}");
			client().send("DELETE", "/api/updates/" + deleted, null);
			client().send("PATCH", "/api/updates/" + first, "{\"body\":\"Then edited\"}");
			network.restore();

			browser.awaitStatus("live", Duration.ofSeconds(45));
			browser.until(WAIT, d -> shownTitles(browser).equals(List.of("Posted while offline 2", "Posted while offline 1",
					"Edited while offline", "Kept")) ? true : null);
			assertThat(browser.awaitUpdate(first, WAIT).findElement(By.cssSelector(".body")).getText()).isEqualTo("Then edited");
			assertThat(browser.awaitUpdate(second, WAIT).findElement(By.cssSelector(".body")).getText()).isEqualTo("<b>markup</b>");
			assertThat(browser.script("return document.querySelector(`li[data-update-id='${arguments[0]}']`)", deleted)).isNull();
			assertThat(browser.script("return window.stillTheSamePage")).isEqualTo(true);
			assertThat(requests(browser)).as("requests to catch up").isEqualTo(requests);
		}
	}

	@SuppressWarnings("unchecked")
	private static List<String> shownTitles(Browser browser) {
		return (List<String>) browser.script("return [...document.querySelectorAll('#updates > li[data-update-id] > h3')].map(h => h.textContent)");
	}

	@Test
	void pageFallsBackToSseWhenWebSocketsAreRefused() throws Exception {
		try (TcpProxy proxy = new TcpProxy(this.port); Browser browser = new Browser(proxy.port())) {
			proxy.refuseWebSockets(true);
			browser.signIn("admin", ADMIN_PASSWORD);
			browser.until(WAIT, d -> "sse".equals(browser.transport()) && "live".equals(browser.connectionStatus()));

			long id = client().post("general", "Delivered over SSE", "x").json().get("id").asLong();
			browser.awaitUpdate(id, WAIT);
		}
	}

	@Test
	void frozenBackgroundPageIsCurrentWhenItComesBack() {
		try (Browser browser = new Browser(this.port).signIn("admin", ADMIN_PASSWORD)) {
			browser.awaitStatus("live", WAIT);
			browser.devTools("Page.setWebLifecycleState", Map.of("state", "frozen"));
			long id = client().post("general", "Posted while the tab was frozen", "x").json().get("id").asLong();
			sleepQuietly(1000);
			browser.devTools("Page.setWebLifecycleState", Map.of("state", "active"));

			browser.awaitUpdate(id, WAIT);
		}
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
