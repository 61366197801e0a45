package dev.baton.security;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

import dev.baton.support.BatonClient;
import dev.baton.support.BatonClient.Response;
import dev.baton.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed sign-ins are throttled per client address and per user, and never lock a user out.
 * Client addresses come from {@code X-Forwarded-For}, which this instance trusts.
 */
@TestPropertySource(properties = { "server.forward-headers-strategy=framework",
		"baton.security.sign-in.failures-per-address=5", "baton.security.sign-in.failures-per-user=4",
		"baton.security.sign-in.failures-per-user-and-address=2" })
@ExtendWith(OutputCaptureExtension.class)
class SignInThrottleIntegrationTests extends IntegrationTest {

	// other test classes' wrong passwords came from the loopback address too: each test starts
	// with no failures counted, and its requests without X-Forwarded-For (the admin's) count alone
	@BeforeEach
	void noFailuresCounted() {
		this.db.sql("DELETE FROM sign_in_failures").then().block();
	}

	@Test
	void anAddressThatFailedTooOftenIsThrottledWhileOthersSignIn() {
		String attacker = newAddress();
		for (int i = 0; i < 5; i++) {
			assertThat(basic("nobody-" + i, "wrong", attacker).status()).isEqualTo(401);
		}
		BatonClient member = newMember();

		Response throttled = basic(member.username(), member.password(), attacker);
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 600L);
		assertThat(basic(member.username(), member.password(), newAddress()).status()).isEqualTo(200);
		// a remembered good sign-in is not checked again, so not throttled either
		assertThat(basic(member.username(), member.password(), attacker).status()).isEqualTo(200);
	}

	@Test
	void attemptsSentAtOnceAreCheckedNoMoreThanTheLimit() {
		String attacker = newAddress();
		java.util.List<Integer> statuses = java.util.stream.IntStream.range(0, 30)
			.parallel()
			.mapToObj(i -> basic("nobody-" + i, "wrong", attacker).status())
			.toList();

		assertThat(statuses).containsOnly(401, 429);
		assertThat(statuses).filteredOn(status -> status == 401).hasSizeLessThanOrEqualTo(5);
	}

	@Test
	void aUserWhoFailedTooOftenIsThrottledOnlyFromWhereTheFailuresCame() {
		BatonClient member = newMember();
		String attacker = newAddress();
		for (int i = 0; i < 4; i++) {
			assertThat(basic(member.username(), "wrong-" + i, (i < 2) ? attacker : newAddress()).status()).isEqualTo(401);
		}

		assertThat(basic(member.username(), member.password(), attacker).status()).isEqualTo(429);
		assertThat(basic(member.username(), member.password(), newAddress()).status()).isEqualTo(200);
	}

	@Test
	void aThrottledFormSignInGets429AndAPageSayingWhen() {
		String attacker = newAddress();
		for (int i = 0; i < 5; i++) {
			assertThat(form("nobody-" + i, "wrong", attacker).header("Location")).endsWith("/login?error");
		}

		Response throttled = form("admin", ADMIN_PASSWORD, attacker);
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.header("Retry-After")).isNotNull();
		assertThat(throttled.body()).contains("Too many failed sign-ins");
	}

	@Test
	void aWrongPasswordDoesNotDisplaceARememberedRightOne() {
		BatonClient member = newMember();
		String address = newAddress();
		assertThat(basic(member.username(), member.password(), address).status()).isEqualTo(200);
		assertThat(basic(member.username(), "wrong", newAddress()).status()).isEqualTo(401);
		// were the right password forgotten, this would be checked again, and throttled
		for (int i = 0; i < 5; i++) {
			basic("nobody-" + i, "wrong", address);
		}
		assertThat(basic(member.username(), member.password(), address).status()).isEqualTo(200);
	}

	@Test
	void aNulInAUsernameIsAWrongUsernameNotAnError(CapturedOutput output) {
		assertThat(basic("ad\u0000min", "x", newAddress()).status()).isEqualTo(401);
		assertThat(form("ad\u0000min", "x", newAddress()).header("Location")).endsWith("/login?error");
		assertThat(output).doesNotContain("Exception");
	}

	private Response basic(String username, String password, String address) {
		String credentials = Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
		return anonymous().send(HttpRequest.newBuilder(anonymous().uri("http", "/api/channels"))
			.header("Authorization", "Basic " + credentials)
			.header("X-Forwarded-For", address));
	}

	private Response form(String username, String password, String address) {
		Response loginPage = anonymous().send("GET", "/login", null);
		String form = "username=%s&password=%s&_csrf=%s".formatted(encode(username), encode(password),
				encode(BatonClient.csrfToken(loginPage.body())));
		return anonymous().send(HttpRequest.newBuilder(anonymous().uri("http", "/login"))
			.header("Cookie", BatonClient.cookies(loginPage, java.util.Map.of()))
			.header("X-Forwarded-For", address)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	// the sign-in failures are in the shared database: each test comes from addresses of its own
	private static String newAddress() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "10.%d.%d.%d".formatted(random.nextInt(256), random.nextInt(256), random.nextInt(1, 255));
	}

}
