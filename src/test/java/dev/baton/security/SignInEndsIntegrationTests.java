package dev.baton.security;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.baton.support.BatonClient;
import dev.baton.support.BatonClient.Response;
import dev.baton.support.IntegrationTest;
import dev.baton.support.SseSubscriber;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A session ends with sign-out and with its user, and so do the streams it opened. */
class SignInEndsIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void signingOutRightAfterSigningInDeletesTheSession() {
		BatonClient member = newMember();
		// signIn fetches /login immediately before posting the form, as the probe did
		String cookies = anonymous().signIn(member.username(), member.password());
		String session = sessionId(cookies);
		assertThat(sessionRows(session)).isEqualTo(1);

		assertThat(signOut(cookies).status()).isEqualTo(302);

		assertThat(sessionRows(session)).isZero();
		assertThat(anonymous().withCookies(cookies).send("GET", "/api/channels", null).status()).isEqualTo(401);
	}

	@Test
	void signingOutEndsTheSessionsStreamsWithACloseCodeAndALastEvent() throws Exception {
		BatonClient member = newMember();
		String cookies = anonymous().signIn(member.username(), member.password());
		BatonClient browser = anonymous().withCookies(cookies);
		String channel = newChannel();
		try (WsSubscriber ws = browser.ws("/ws/updates?channels=" + channel);
				SseSubscriber sse = browser.sse("/api/updates/stream?channels=" + channel, null);
				SseSubscriber basic = member.sse("/api/updates/stream?channels=" + channel, null)) {
			awaitLive(channel, ws, sse, basic);

			signOut(cookies);

			assertThat(ws.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS))
				.isEqualTo(new WsSubscriber.Close(4001, "signed out: sign in again"));
			sse.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(sse.lastEvent()).isEqualTo("signed_out");
			// the same user's Basic stream was not signed in by that session
			assertThat(basic.ended()).isNotDone();
		}
	}

	@Test
	void aSessionWithAnOpenStreamIsMarkedAsUsed() {
		BatonClient member = newMember();
		String cookies = anonymous().signIn(member.username(), member.password());
		String session = sessionId(cookies);
		String channel = newChannel();
		try (WsSubscriber ws = anonymous().withCookies(cookies).ws("/ws/updates?channels=" + channel)) {
			awaitLive(channel, ws);
			// as if the page had made no request for two minutes
			this.db.sql("UPDATE web_sessions SET last_access = now() - interval '2 minutes' WHERE id = :id")
				.bind("id", session)
				.then()
				.block();

			await().atMost(WAIT).until(() -> this.db
				.sql("SELECT last_access > now() - interval '1 minute' AS used FROM web_sessions WHERE id = :id")
				.bind("id", session)
				.map(row -> row.get("used", Boolean.class))
				.one()
				.block());
		}
	}

	@Test
	void deletingAUserEndsTheirSessionsStreamsAndPagePosts() throws Exception {
		BatonClient member = newMember();
		String cookies = anonymous().signIn(member.username(), member.password());
		BatonClient browser = anonymous().withCookies(cookies);
		String token = BatonClient.csrfToken(browser.send("GET", "/", null).body());
		String channel = newChannel();
		try (WsSubscriber ws = browser.ws("/ws/updates?channels=" + channel);
				SseSubscriber sse = browser.sse("/api/updates/stream?channels=" + channel, null);
				SseSubscriber basic = member.sse("/api/updates/stream?channels=" + channel, null)) {
			awaitLive(channel, ws, sse, basic);

			assertThat(client().send("DELETE", "/api/users/" + member.username(), null).status()).isEqualTo(204);

			assertThat(ws.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS))
				.isEqualTo(new WsSubscriber.Close(4001, "user deleted: sign in again"));
			sse.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(sse.lastEvent()).isEqualTo("signed_out");
			basic.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(basic.lastEvent()).isEqualTo("signed_out");
		}
		assertThat(sessionRows(sessionId(cookies))).isZero();
		assertThat(browser.send("GET", "/api/channels", null).status()).isEqualTo(401);
		Response pagePost = browser.send(HttpRequest.newBuilder(browser.uri("http", "/updates"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("channel=%s&title=ghost&body=x&_csrf=%s".formatted(channel, token))));
		assertThat(pagePost.status()).isEqualTo(302);
		assertThat(pagePost.header("Location")).endsWith("/login");
		assertThat(client().send("GET", "/api/updates?channel=" + channel, null).json().toString())
			.doesNotContain(member.username());
	}

	@Test
	void pageFormsTakeNoBasicCredentialsWithoutTheirCsrfToken() {
		BatonClient member = newMember();
		String channel = newChannel();
		long id = member.post(channel, "Mine", "x").json().get("id").asLong();
		for (String path : new String[] { "/updates", "/updates/" + id + "/edit", "/updates/" + id + "/delete", "/logout" }) {
			// what a page of another origin makes a browser send after a Basic prompt was answered
			Response forged = member.send(HttpRequest.newBuilder(member.uri("http", path))
				.header("Origin", "https://evil.example")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("channel=%s&title=Forged&body=x".formatted(channel))));
			assertThat(forged.status()).as(path).isEqualTo(403);
		}
		assertThat(client().send("GET", "/api/updates/" + id, null).json().get("title").asString()).isEqualTo("Mine");
		assertThat(client().send("GET", "/api/updates?channel=" + channel, null).json()).hasSize(1);
	}

	@Test
	void anonymousVisitorsStoreNoSession() {
		long before = this.db.sql("SELECT count(*) AS n FROM web_sessions").map(row -> row.get("n", Long.class)).one().block();
		for (int i = 0; i < 20; i++) {
			Response login = anonymous().send("GET", "/login", null);
			assertThat(login.status()).isEqualTo(200);
			assertThat(login.headers().getOrDefault("set-cookie", java.util.List.of())).noneMatch(cookie -> cookie.startsWith("SESSION="));
			// as a browser asks: the page it wanted is remembered for after sign-in
			Response page = anonymous().send(HttpRequest.newBuilder(anonymous().uri("http", "/?channel=general"))
				.header("Accept", "text/html,application/xhtml+xml"));
			assertThat(page.status()).isEqualTo(302);
			assertThat(page.headers().getOrDefault("set-cookie", java.util.List.of())).noneMatch(cookie -> cookie.startsWith("SESSION="));
		}
		long after = this.db.sql("SELECT count(*) AS n FROM web_sessions").map(row -> row.get("n", Long.class)).one().block();
		assertThat(after).isLessThanOrEqualTo(before);
	}

	@Test
	void aSessionRowHoldsItsUserButNoPasswordHash() {
		String cookies = anonymous().signIn("admin", ADMIN_PASSWORD);
		String row = this.db.sql("SELECT username, attributes FROM web_sessions WHERE id = :id")
			.bind("id", sessionId(cookies))
			.map(found -> found.get("username", String.class) + " "
					+ new String(found.get("attributes", byte[].class), StandardCharsets.ISO_8859_1))
			.one()
			.block();
		assertThat(row).startsWith("admin ").doesNotContain("$2a$", "$2b$", "$2y$");
	}

	@Test
	void pagesCarryAContentSecurityPolicy() {
		assertThat(anonymous().send("GET", "/login", null).header("Content-Security-Policy"))
			.contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'");
	}

	private Response signOut(String cookies) {
		BatonClient browser = anonymous().withCookies(cookies);
		String token = BatonClient.csrfToken(browser.send("GET", "/", null).body());
		return browser.send(HttpRequest.newBuilder(browser.uri("http", "/logout"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("_csrf=" + token)));
	}

	// every stream has received a post made after it opened
	private void awaitLive(String channel, WsSubscriber ws, SseSubscriber... sse) {
		client().post(channel, "live", "x");
		assertThat(ws.events().next(WAIT).type()).isEqualTo("updates_changed");
		for (SseSubscriber stream : sse) {
			assertThat(stream.events().next(WAIT).type()).isEqualTo("updates_changed");
		}
	}

	private long sessionRows(String id) {
		return this.db.sql("SELECT count(*) AS n FROM web_sessions WHERE id = :id")
			.bind("id", id)
			.map(row -> row.get("n", Long.class))
			.one()
			.block();
	}

	static String sessionId(String cookies) {
		for (String cookie : cookies.split("; ")) {
			if (cookie.startsWith("SESSION=")) {
				return cookie.substring("SESSION=".length());
			}
		}
		throw new IllegalStateException("no session in " + cookies);
	}

}
