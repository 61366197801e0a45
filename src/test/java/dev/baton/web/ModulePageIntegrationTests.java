package dev.baton.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.baton.support.Browser;
import dev.baton.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's page of a module, its two blocks served as they are, in Chromium: it shows the
 * module's events from any publisher and publishes its own over the WebSocket.
 */
class ModulePageIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final Path PAGES = pages();

	@DynamicPropertySource
	static void servedPages(DynamicPropertyRegistry registry) {
		registry.add("spring.web.resources.static-locations", () -> "classpath:/static/,file:" + PAGES + "/");
	}

	@Test
	void theReadmesModulePageShowsEventsFromEveryPublisherAndPublishesItsOwn() {
		this.db.sql("INSERT INTO channels (name, description, kind) VALUES ('orders', 'The Orders module', 'module') "
				+ "ON CONFLICT (name) DO NOTHING").then().block();
		this.db.sql("DELETE FROM channel_permissions WHERE channel = 'orders'").then().block();
		try (Browser browser = new Browser(this.port)) {
			browser.signIn("admin", ADMIN_PASSWORD).open("/orders.html");
			browser.until(WAIT, driver -> "live".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-state")) ? true : null);

			assertThat(client().send("POST", "/api/channels/orders/events", "{\"event\":\"order.packed\",\"data\":{\"order\":6}}")
				.status()).isEqualTo(201);
			browser.find("#ship").click();

			List<String> shown = browser.until(WAIT, driver -> {
				List<String> items = driver.findElements(By.cssSelector("#events li")).stream().map(WebElement::getText).toList();
				return (items.size() >= 2) ? items : null;
			});
			assertThat(shown).containsExactly("order.packed {\"order\":6} by admin", "order.shipped {\"order\":7} by admin");
		}
	}

	// the html and js blocks of the README's "A module's page", as orders.html and orders.js
	private static Path pages() {
		try {
			String readme = Files.readString(Path.of("README.md"));
			String section = readme.substring(readme.indexOf("### A module's page"));
			Path pages = Files.createTempDirectory("module-pages");
			Files.writeString(pages.resolve("orders.html"), block(section, "```html\n"));
			Files.writeString(pages.resolve("orders.js"), block(section, "```js\n"));
			return pages;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String block(String section, String fence) {
		int start = section.indexOf(fence) + fence.length();
		return section.substring(start, section.indexOf("```\n", start));
	}

}
