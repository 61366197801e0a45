package dev.baton.security;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import dev.baton.support.BatonClient;
import dev.baton.support.BatonClient.Response;
import dev.baton.support.IntegrationTest;
import dev.baton.support.SseSubscriber;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class SecurityIntegrationTests extends IntegrationTest {

	@Test
	void requestsWithoutCredentialsGet401AndPagesRedirectToLogin() {
		for (String path : List.of("/api/updates", "/api/channels", "/api/updates/stream", "/ws/updates", "/api/users")) {
			Response response = anonymous().send("GET", path, null);
			assertThat(response.status()).as(path).isEqualTo(401);
			assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(response.json().get("detail").asString()).contains("Sign in");
		}
		assertThat(anonymous().send("POST", "/api/updates", "{}").status()).isEqualTo(401);
		Response page = anonymous().send("GET", "/", null);
		assertThat(page.status()).isEqualTo(302);
		assertThat(page.header("Location")).endsWith("/login");
		assertThat(anonymous().send("GET", "/login", null).status()).isEqualTo(200);
		assertThat(anonymous().send("GET", "/actuator/health", null).status()).isEqualTo(200);
	}

	@Test
	void unauthenticatedWebSocketHandshakeIsRefused() {
		assertThatThrownBy(() -> anonymous().ws("/ws/updates")).rootCause().hasMessageContaining("401");
	}

	@Test
	void wrongPasswordGets401() {
		Response response = anonymous().as("admin", "not-the-password").send("GET", "/api/updates", null);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json().get("detail").asString()).isEqualTo("Invalid username or password");
		assertThat(response.header("WWW-Authenticate")).startsWith("Basic");
	}

	@Test
	void membersManageTheirOwnPostsAndAdminsAnyPost() {
		BatonClient ana = newMember();
		BatonClient ben = newMember();
		String channel = newChannel();

		Response own = ana.post(channel, "Mine", "x");
		assertThat(own.status()).isEqualTo(201);
		long id = own.json().get("id").asLong();
		assertThat(ben.send("PATCH", "/api/updates/" + id, "{\"title\":\"Hijacked\"}").status()).isEqualTo(403);
		assertThat(ben.send("DELETE", "/api/updates/" + id, null).status()).isEqualTo(403);
		assertThat(ana.send("PATCH", "/api/updates/" + id, "{\"title\":\"Still mine\"}").status()).isEqualTo(200);
		assertThat(client().send("PATCH", "/api/updates/" + id, "{\"body\":\"moderated\"}").status()).isEqualTo(200);
		assertThat(ana.send("DELETE", "/api/updates/" + id, null).status()).isEqualTo(204);
		long other = ben.post(channel, "Ben's", "x").json().get("id").asLong();
		assertThat(client().send("DELETE", "/api/updates/" + other, null).status()).isEqualTo(204);
	}

	@Test
	void requestsOnOneConnectionAfterRefusedWritesAreAllAnswered() {
		BatonClient member = newMember();
		for (int i = 0; i < 30; i++) {
			// a refusal from inside the write transaction, completed on a database thread, then
			// more requests on the same kept-alive connection
			assertThat(member.post("announcements", "All hands", "x").status()).isEqualTo(403);
			assertThat(member.send("GET", "/api/users", null).status()).isEqualTo(403);
			assertThat(member.send("POST", "/api/users", "{\"username\":\"eve\",\"password\":\"long-enough-password\",\"role\":\"admin\"}")
				.status()).isEqualTo(403);
		}
	}

	@Test
	void onlyAdminsPostAnnouncementsAndManageUsersAndChannels() {
		BatonClient member = newMember();

		Response announcement = member.post("announcements", "All hands", "x");
		assertThat(announcement.status()).isEqualTo(403);
		assertThat(announcement.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(announcement.json().get("detail").asString()).contains("Only admins post to 'announcements'");
		assertThat(member.post("general", "Hello", "x").status()).isEqualTo(201);
		assertThat(member.send("GET", "/api/users", null).status()).isEqualTo(403);
		assertThat(member.send("POST", "/api/users", "{\"username\":\"eve\",\"password\":\"long-enough-password\",\"role\":\"admin\"}")
			.status()).isEqualTo(403);
		assertThat(member.send("DELETE", "/api/users/admin", null).status()).isEqualTo(403);
		assertThat(member.send("POST", "/api/channels", "{\"name\":\"member-made\"}").status()).isEqualTo(403);
		assertThat(member.send("GET", "/actuator/metrics", null).status()).isEqualTo(403);

		assertThat(client().post("announcements", "All hands", "x").status()).isEqualTo(201);
		Response channel = client().send("POST", "/api/channels", "{\"name\":\"c-" + System.nanoTime() + "\",\"description\":\"new\"}");
		assertThat(channel.status()).isEqualTo(201);
		assertThat(client().send("GET", "/api/users", null).json().findValuesAsString("username")).contains("admin");
	}

	@Test
	void userApiCreatesListsAndDeletesUsers(CapturedOutput output) {
		String username = "carol-" + System.nanoTime();
		String password = "carols-secret-password";
		Response created = client().send("POST", "/api/users",
				"{\"username\":\"%s\",\"password\":\"%s\",\"role\":\"member\"}".formatted(username, password));
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().get("role").asString()).isEqualTo("member");
		assertThat(created.body()).doesNotContain(password, "$2a$");
		assertThat(client().send("GET", "/api/users", null).body()).contains(username).doesNotContain("$2a$", "password");

		assertThat(client().send("POST", "/api/users",
				"{\"username\":\"%s\",\"password\":\"other-password-1\",\"role\":\"member\"}".formatted(username))
			.status()).isEqualTo(409);
		Response weak = client().send("POST", "/api/users", "{\"username\":\"dave\",\"password\":\"short\",\"role\":\"member\"}");
		assertThat(weak.status()).isEqualTo(400);
		assertThat(weak.json().get("detail").asString()).contains("password must be 12 to 72 characters long");

		BatonClient carol = anonymous().as(username, password);
		assertThat(carol.send("GET", "/api/updates", null).status()).isEqualTo(200);
		assertThat(client().send("DELETE", "/api/users/" + username, null).status()).isEqualTo(204);
		assertThat(carol.send("GET", "/api/updates", null).status()).isEqualTo(401);
		assertThat(client().send("DELETE", "/api/users/admin", null).status()).isEqualTo(409);
		assertThat(output).doesNotContain(password, "carols-secret", "other-password-1");
	}

	@Test
	void browserSignsInWithAFormAndNeedsCsrfTokensForChanges(CapturedOutput output) {
		Response loginPage = anonymous().send("GET", "/login", null);
		Response login = anonymous().send(HttpRequest.newBuilder(anonymous().uri("http", "/login"))
			.header("Cookie", BatonClient.cookies(loginPage, java.util.Map.of()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=admin&password=%s&_csrf=%s".formatted(ADMIN_PASSWORD,
					java.net.URLEncoder.encode(BatonClient.csrfToken(loginPage.body()), java.nio.charset.StandardCharsets.UTF_8)))));
		assertThat(login.headers().get("set-cookie")).filteredOn(cookie -> cookie.startsWith("SESSION="))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.containsIgnoringCase("HttpOnly")
			.containsIgnoringCase("SameSite=Lax");
		String session = signIn("admin", ADMIN_PASSWORD);

		assertThat(withCookie(session, "GET", "/api/updates", null).status()).isEqualTo(200);
		String body = "{\"channel\":\"general\",\"title\":\"From the browser\",\"body\":\"x\"}";
		Response withoutToken = withCookie(session, "POST", "/api/updates", body);
		assertThat(withoutToken.status()).isEqualTo(403);
		assertThat(withoutToken.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(withoutToken.json().get("detail").asString()).contains("CSRF token");

		String token = BatonClient.csrfToken(withCookie(session, "GET", "/login", null).body());
		Response withToken = anonymous().send(HttpRequest.newBuilder(anonymous().uri("http", "/api/updates"))
			.header("Cookie", session)
			.header("X-CSRF-TOKEN", token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertThat(withToken.status()).isEqualTo(201);
		assertThat(output).doesNotContain(SignInEndsIntegrationTests.sessionId(session), ADMIN_PASSWORD);
	}

	@Test
	void formPostWithoutCsrfTokenIsRefused() {
		Response response = anonymous().send(HttpRequest.newBuilder(anonymous().uri("http", "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + ADMIN_PASSWORD)));

		assertThat(response.status()).isEqualTo(403);
	}

	@Test
	void sessionCookieOpensAWebSocketFromTheSameOriginOnly() throws Exception {
		String session = signIn("admin", ADMIN_PASSWORD);
		String channel = newChannel();
		java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
		String sameOrigin = "http://127.0.0.1:" + this.port;

		assertThatThrownBy(() -> http.newWebSocketBuilder()
			.header("Cookie", session)
			.header("Origin", "https://evil.example")
			.buildAsync(anonymous().uri("ws", "/ws/updates?channels=" + channel), new WsSubscriber.Recorder())
			.join()).isInstanceOf(CompletionException.class).rootCause().hasMessageContaining("403");
		Response crossSite = anonymous().send(HttpRequest.newBuilder(anonymous().uri("http", "/ws/updates"))
			.header("Cookie", session)
			.header("Origin", "https://evil.example"));
		assertThat(crossSite.status()).isEqualTo(403);
		assertThat(crossSite.json().get("detail").asString()).contains("Origin 'https://evil.example' may not open");

		WsSubscriber.Recorder recorder = new WsSubscriber.Recorder();
		java.net.http.WebSocket socket = http.newWebSocketBuilder()
			.header("Cookie", session)
			.header("Origin", sameOrigin)
			.buildAsync(anonymous().uri("ws", "/ws/updates?channels=" + channel), recorder)
			.get(10, TimeUnit.SECONDS);
		client().post(channel, "over the session", "x");
		assertThat(recorder.events().next(Duration.ofSeconds(10)).json().get("channel").asString()).isEqualTo(channel);
		socket.sendClose(1000, "bye");
	}

	@Test
	void sseWithBasicCredentialsStreams() {
		try (SseSubscriber sse = newMember().sse("/api/updates/stream", null)) {
			assertThat(sse.status()).isEqualTo(200);
		}
	}

	@Test
	void errorsCarryNoStackTracesOrSql() {
		Response response = client().send("POST", "/api/updates", "{\"channel\":\"general\",\"title\":\"t\",\"body\":" + "\"x\"".repeat(2) + "}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).doesNotContain("Exception", "at dev.", "at org.", "SELECT", "INSERT");
	}

	private String signIn(String username, String password) {
		return anonymous().signIn(username, password);
	}

	private Response withCookie(String cookie, String method, String path, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(anonymous().uri("http", path)).header("Cookie", cookie);
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return anonymous().send(request.method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody()));
	}


}
