package dev.baton.web;

import java.time.Duration;
import java.util.List;

import dev.baton.support.BatonClient;
import dev.baton.support.Browser;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Layout;
import dev.baton.support.TcpProxy;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who is here, who is typing and what is unread, as people see them on the feed page in real
 * headless Chromium. The tests' presence grace is 1 s ({@link IntegrationTest}), so that a closed
 * page leaves within seconds.
 */
class PresencePageIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final String TITLE = "Updates · Baton";

	@Test
	void twoPeopleSeeEachOtherArriveTypeAndLeave() {
		String channel = newChannel();
		String other = newChannel();
		BatonClient ana = newMember("ana-");
		BatonClient bob = newMember("bob-");
		try (Browser bobs = signedIn(new Browser(this.port).phone(375), bob, "/?channel=" + channel)) {
			awaitText(bobs, "#here", "1 here");
			try (Browser anas = signedIn(new Browser(this.port), ana, "/?channel=" + channel)) {
				awaitText(bobs, "#here", "2 here");
				awaitText(anas, "#here", "2 here");
				client().post(other, "Elsewhere", "x");
				for (Browser page : List.of(anas, bobs)) {
					page.until(WAIT, d -> badge(page, other).equals("1 (1 unread)") ? true : null);
				}

				// the names on demand, kept current while shown
				WebElement here = bobs.find("#here");
				assertThat(here.getDomAttribute("aria-expanded")).isEqualTo("false");
				assertThat(Layout.visibleTexts(bobs, "#here-list li")).isEmpty();
				here.click();
				assertThat(here.getDomAttribute("aria-expanded")).isEqualTo("true");
				assertThat(Layout.visibleTexts(bobs, "#here-list li")).containsExactly(ana.username(), bob.username() + " (you)");

				// typing shows for the other person only, and ends on its own after about 5 s
				anas.find("#new-title").sendKeys("Hello");
				long typed = System.nanoTime();
				awaitText(bobs, "#typing", ana.username() + " is typing…");
				assertThat(text(anas, "#typing")).as("one's own typing").isEmpty();
				Layout.check(bobs, "feed-presence-375px");
				awaitText(bobs, "#typing", "");
				assertThat(Duration.ofNanos(System.nanoTime() - typed)).as("shown while ana may still be typing")
					.isGreaterThan(Duration.ofSeconds(3));

				bobs.find("#new-title").sendKeys("Reply");
				awaitText(anas, "#typing", bob.username() + " is typing…");
				anas.find("#here").click();
				anas.until(WAIT, d -> Layout.visibleTexts(anas, "#here-list li").size() == 2 ? true : null);
				Layout.check(anas, "feed-presence");
				awaitText(anas, "#typing", "");

				// a post ends its author's typing at once, well before the 5 s it would last
				anas.find("#new-title").sendKeys(" again");
				awaitText(bobs, "#typing", ana.username() + " is typing…");
				anas.find("#new-body").sendKeys("x");
				anas.find("#new-update button[type=submit]").click();
				bobs.until(WAIT, d -> d.findElements(By.xpath("//li[@data-update-id]/h3[text()='Hello again']")).isEmpty() ? null : true);
				bobs.until(Duration.ofSeconds(2), d -> text(bobs, "#typing").isEmpty());
			}
			// ana's browser is gone: she leaves once the grace for a reconnect is over
			awaitText(bobs, "#here", "1 here");
			assertThat(Layout.visibleTexts(bobs, "#here-list li")).containsExactly(bob.username() + " (you)");
		}
	}

	@Test
	void onAllTheCountIsWhoIsOnlineAndTypingSaysWhere() {
		String channel = newChannel();
		BatonClient ana = newMember("ana-");
		BatonClient bob = newMember("bob-");
		try (Browser bobs = signedIn(new Browser(this.port), bob, "/");
				Browser anas = signedIn(new Browser(this.port), ana, "/?channel=" + channel)) {
			bobs.until(WAIT, d -> text(bobs, "#here").matches("\\d+ online") ? true : null);
			bobs.find("#here").click();
			bobs.until(WAIT, d -> Layout.visibleTexts(bobs, "#here-list li:not(.away)").containsAll(
					List.of(ana.username(), bob.username() + " (you)")) ? true : null);

			anas.find("#new-body").sendKeys("Hi");
			awaitText(bobs, "#typing", ana.username() + " is typing in #" + channel + "…");
			Layout.check(bobs);
		}
	}

	@Test
	void unreadBadgeCountsPostsElsewhereFollowsThePersonAndClearsOnceTheyLook() {
		String home = newChannel();
		String other = newChannel();
		BatonClient bob = newMember("bob-");
		try (Browser page = signedIn(new Browser(this.port), bob, "/?channel=" + home);
				Browser elsewhere = signedIn(new Browser(this.port), bob, "/?channel=" + home)) {
			assertThat(badge(page, other)).as("nothing posted yet").isEmpty();
			client().post(other, "First", "x");
			client().post(other, "Second", "x");
			page.until(WAIT, d -> badge(page, other).equals("2 (2 unread)") ? true : null);
			long here = client().post(home, "In view", "x").json().get("id").asLong();
			page.awaitUpdate(here, WAIT);
			assertThat(badge(page, home)).as("the tab in view").isEmpty();

			page.open("/?channel=" + home).awaitStatus("live", WAIT);
			assertThat(badge(page, other)).as("after a reload").isEqualTo("2 (2 unread)");
			elsewhere.open("/?channel=" + home).awaitStatus("live", WAIT);
			assertThat(badge(elsewhere, other)).as("in another browser").isEqualTo("2 (2 unread)");

			elsewhere.open("/?channel=" + other).awaitStatus("live", WAIT);
			assertThat(badge(elsewhere, other)).as("the tab in view").isEmpty();
			page.until(WAIT, d -> unread(bob, other) == 0 ? true : null);
			page.open("/?channel=" + home).awaitStatus("live", WAIT);
			assertThat(badge(page, other)).as("once looked at in the other browser").isEmpty();
		}
	}

	// The mark is written as the person leaves the channel by a tab, once, not as each post
	// arrives, and before the next page counts what is unread.
	@Test
	void postsReadWhileInViewAreMarkedReadOnceWhenThePersonLeaves() {
		String home = newChannel();
		String other = newChannel();
		BatonClient bob = newMember("bob-");
		try (Browser page = signedIn(new Browser(this.port), bob, "/?channel=" + other)) {
			for (int i = 1; i <= 3; i++) {
				page.awaitUpdate(client().post(other, "Read as it came " + i, "x").json().get("id").asLong(), WAIT);
			}
			assertThat(unread(bob, other)).isEqualTo(3);
			assertThat(page.script("return performance.getEntriesByType('resource')"
					+ ".filter(e => new URL(e.name).pathname === '/api/unread').length")).as("marks written while reading").isEqualTo(0L);

			page.find(".tabs a[data-channel='" + home + "']").click();
			page.until(WAIT, d -> page.path().equals("/?channel=" + home) ? true : null);
			page.awaitStatus("live", WAIT);
			assertThat(badge(page, other)).as("on the tab the person went to").isEmpty();
			assertThat(unread(bob, other)).isZero();
		}
	}

	// Where WebSockets are refused, the ephemeral events come over SSE, and typing is not sent
	@Test
	void presenceAndUnreadReachAPageOnServerSentEvents() throws Exception {
		String channel = newChannel();
		String other = newChannel();
		BatonClient bob = newMember("bob-");
		try (TcpProxy proxy = new TcpProxy(this.port); Browser page = new Browser(proxy.port())) {
			proxy.refuseWebSockets(true);
			page.signIn(bob.username(), bob.password()).open("/?channel=" + channel);
			page.until(WAIT, d -> "sse".equals(page.transport()) && "live".equals(page.connectionStatus()));
			awaitText(page, "#here", "1 here");
			page.find("#new-title").sendKeys("Typed where typing cannot be sent");
			client().post(other, "Elsewhere", "x");
			page.until(WAIT, d -> badge(page, other).equals("1 (1 unread)") ? true : null);
			assertThat(page.connectionStatus()).isEqualTo("live");
		}
	}

	@Test
	void badgesAboveNinetyNineShowAsNinetyNinePlus() {
		String home = newChannel();
		String other = newChannel();
		BatonClient bob = newMember("bob-");
		try (Browser page = signedIn(new Browser(this.port), bob, "/?channel=" + home)) {
			for (int i = 1; i <= 100; i++) {
				client().post(other, "Post " + i, "x");
			}
			page.until(WAIT, d -> badge(page, other).equals("99+ (100 unread)") ? true : null);
			page.open("/?channel=" + home).awaitStatus("live", WAIT);
			assertThat(badge(page, other)).as("as the server renders it").isEqualTo("99+ (100 unread)");
		}
	}

	// Chromium reports a page hidden while another tab is in front of it. A post arrives in view
	// both as itself and as an unread event: it counts once.
	@Test
	void aPageNotInViewCountsWhatArrivesInItsTitleAndMarksItReadOnlyWhenSeen() {
		String home = newChannel();
		String other = newChannel();
		BatonClient bob = newMember("bob-");
		try (Browser page = signedIn(new Browser(this.port), bob, "/?channel=" + home)) {
			page.hide();
			client().post(home, "One", "x");
			long newest = client().post(home, "Two", "x").json().get("id").asLong();
			client().post(other, "Three", "x");
			page.until(WAIT, d -> page.hiddenTitle().equals("(3) " + TITLE) ? true : null);
			assertThat(unread(bob, home)).as("not marked read while not seen").isEqualTo(2);

			page.show();
			assertThat(page.script("return document.title")).isEqualTo(TITLE);
			page.awaitUpdate(newest, WAIT);
			page.until(WAIT, d -> unread(bob, home) == 0 ? true : null);
			assertThat(unread(bob, other)).isEqualTo(1);
			assertThat(badge(page, other)).isEqualTo("1 (1 unread)");
		}
	}

	private Browser signedIn(Browser browser, BatonClient person, String path) {
		return browser.signIn(person.username(), person.password()).open(path).awaitStatus("live", WAIT);
	}

	private static void awaitText(Browser browser, String css, String text) {
		try {
			browser.until(WAIT, d -> text(browser, css).equals(text) ? true : null);
		}
		catch (TimeoutException ex) {
			assertThat(text(browser, css)).as("%s after %s", css, WAIT).isEqualTo(text);
			throw ex;
		}
	}

	private static String text(Browser browser, String css) {
		return browser.find(css).getDomProperty("textContent").trim();
	}

	// the badge a person sees on a channel's tab, with what a screen reader says after the name;
	// empty when there is none
	private static String badge(Browser browser, String channel) {
		WebElement badge = browser.find(".tabs a[data-channel='" + channel + "'] .badge");
		return badge.isDisplayed() ? badge.getDomProperty("textContent") : "";
	}

	private static int unread(BatonClient person, String channel) {
		return person.send("GET", "/api/unread", null).json().get(channel).asInt();
	}

}
