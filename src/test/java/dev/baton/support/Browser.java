package dev.baton.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), started with
 * the flags of DESIGN.md. Nothing downloads a browser.
 */
public final class Browser implements AutoCloseable {

	private static final String CHROMIUM = System.getenv().getOrDefault("BATON_CHROMIUM", "/usr/bin/chromium");

	private static final String CHROMEDRIVER = System.getenv().getOrDefault("BATON_CHROMEDRIVER", "/usr/bin/chromedriver");

	private final ChromeDriver driver;

	private final Path profile;

	private final String base;

	private String hidden;

	public Browser(int port) {
		if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
			throw new IllegalStateException("The page tests need Chromium and ChromeDriver: apt-get install chromium "
					+ "chromium-driver (as .ci/run does), or set BATON_CHROMIUM and BATON_CHROMEDRIVER");
		}
		this.base = "http://127.0.0.1:" + port;
		try {
			this.profile = Files.createTempDirectory("baton-chromium");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
					"--user-data-dir=" + this.profile, "--window-size=1280,1000");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
	}

	/** Emulates a phone screen {@code width} CSS pixels wide. */
	public Browser phone(int width) {
		devTools("Emulation.setDeviceMetricsOverride",
				Map.of("width", width, "height", 812, "deviceScaleFactor", 2, "mobile", true));
		return this;
	}

	/** Signs in through the login form and lands on the feed. */
	public Browser signIn(String username, String password) {
		submitSignIn(username, password);
		until(d -> d.getCurrentUrl().equals(this.base + "/"));
		return this;
	}

	/** Fills in and sends the login form, wherever that leads. */
	public Browser submitSignIn(String username, String password) {
		this.driver.get(this.base + "/login");
		this.driver.findElement(By.id("username")).sendKeys(username);
		this.driver.findElement(By.id("password")).sendKeys(password);
		this.driver.findElement(By.cssSelector("button[type=submit]")).click();
		return this;
	}

	/** The address the browser shows, without this instance's origin. */
	public String path() {
		return this.driver.getCurrentUrl().substring(this.base.length());
	}

	public Browser open(String path) {
		this.driver.get(this.base + path);
		return this;
	}

	/** Navigates to any address, as a person typing it would, e.g. a page of another origin. */
	public Browser visit(String url) {
		this.driver.get(url);
		return this;
	}

	public String pageSource() {
		return this.driver.getPageSource();
	}

	public String connectionStatus() {
		return this.driver.findElement(By.id("connection")).getDomAttribute("data-connection-status");
	}

	public String transport() {
		return this.driver.findElement(By.id("connection")).getDomAttribute("data-transport");
	}

	public Browser awaitStatus(String status, Duration timeout) {
		until(timeout, d -> status.equals(connectionStatus()));
		return this;
	}

	/** Waits until the feed shows the update, and returns its element. */
	public WebElement awaitUpdate(long id, Duration timeout) {
		return until(timeout, d -> d.findElements(By.cssSelector("li[data-update-id='" + id + "']"))
			.stream()
			.findFirst()
			.orElse(null));
	}

	public WebElement find(String css) {
		return this.driver.findElement(By.cssSelector(css));
	}

	public Object script(String script, Object... args) {
		return this.driver.executeScript(script, args);
	}

	/** Runs a Chrome DevTools Protocol command. */
	public void devTools(String command, Map<String, Object> parameters) {
		this.driver.executeCdpCommand(command, parameters);
	}

	/**
	 * Opens a blank tab in front of the page, as a person switching tabs does: Chromium then
	 * reports the page hidden ({@code document.hidden}) and keeps running it in the background.
	 */
	public Browser hide() {
		this.hidden = this.driver.getWindowHandle();
		this.driver.switchTo().newWindow(WindowType.TAB);
		return this;
	}

	/** Closes the tab {@link #hide()} opened: the page is in view again. */
	public Browser show() {
		this.driver.close();
		this.driver.switchTo().window(this.hidden);
		return this;
	}

	/** The title of the page {@link #hide()} put behind, read without bringing it to the front. */
	@SuppressWarnings("unchecked")
	public String hiddenTitle() {
		List<Map<String, Object>> targets = (List<Map<String, Object>>) this.driver
			.executeCdpCommand("Target.getTargets", Map.of())
			.get("targetInfos");
		return targets.stream()
			.filter(target -> this.hidden.equals(target.get("targetId")))
			.map(target -> (String) target.get("title"))
			.findFirst()
			.orElseThrow();
	}

	public void screenshot(Path target) {
		try {
			Files.createDirectories(target.getParent());
			Files.copy(this.driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public <T> T until(Function<WebDriver, T> condition) {
		return until(Duration.ofSeconds(15), condition);
	}

	public <T> T until(Duration timeout, Function<WebDriver, T> condition) {
		// htmx replaces the feed when events arrive: an element found a moment ago may be gone
		return new WebDriverWait(this.driver, timeout, Duration.ofMillis(20)).ignoring(StaleElementReferenceException.class)
			.until(condition);
	}

	@Override
	public void close() {
		this.driver.quit();
		try (var files = Files.walk(this.profile)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary profile left behind
		}
	}

}
