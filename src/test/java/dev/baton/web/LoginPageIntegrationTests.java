package dev.baton.web;

import java.time.Duration;
import java.util.function.Consumer;

import dev.baton.support.BatonClient;
import dev.baton.support.Browser;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Layout;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sign-in page as a person sees it, in Chromium at 1280 and 375 px. */
class LoginPageIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@Test
	void freshVisitShowsTheFormAndNoMessage() {
		atBothWidths(browser -> {
			browser.open("/login");
			assertThat(Layout.visibleTexts(browser, ".notice")).isEmpty();
		}, "login");
	}

	@Test
	void wrongPasswordSaysSoAndNothingElse() {
		BatonClient member = newMember();
		atBothWidths(browser -> {
			browser.submitSignIn(member.username(), "not-the-password");
			browser.until(WAIT, d -> browser.path().equals("/login?error"));
			assertThat(Layout.visibleTexts(browser, ".notice")).containsExactly("Wrong username or password.");
		}, null);
	}

	@Test
	void signingOutSaysSoAndNothingElse() {
		BatonClient member = newMember();
		atBothWidths(browser -> {
			browser.signIn(member.username(), member.password());
			browser.find(".signout button[type=submit]").click();
			browser.until(WAIT, d -> browser.path().equals("/login?logout"));
			assertThat(Layout.visibleTexts(browser, ".notice")).containsExactly("You are signed out.");
		}, null);
	}

	// the same visit on a desktop screen and on a phone, each checked by Layout
	private void atBothWidths(Consumer<Browser> visit, String screenshot) {
		try (Browser desktop = new Browser(this.port)) {
			visit.accept(desktop);
			check(desktop, screenshot);
		}
		try (Browser phone = new Browser(this.port).phone(375)) {
			visit.accept(phone);
			check(phone, (screenshot != null) ? screenshot + "-375px" : null);
		}
	}

	private static void check(Browser browser, String screenshot) {
		if (screenshot != null) {
			Layout.check(browser, screenshot);
		}
		else {
			Layout.check(browser);
		}
	}

}
