package dev.baton.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client of one running Baton over real sockets: REST, SSE and WebSocket. */
public final class BatonClient {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private static final java.util.regex.Pattern CSRF = java.util.regex.Pattern
		.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

	private final int port;

	private final HttpClient http;

	private final String authorization;

	private final String username;

	private final String password;

	// the Cookie header of a signed-in browser, sent instead of Basic credentials
	private final String cookies;

	/** An anonymous client of the Baton listening on {@code port} of the loopback interface. */
	public static BatonClient forPort(int port) {
		return new BatonClient(port, null, null, null, null);
	}

	private BatonClient(int port, String username, String password, String authorization, String cookies) {
		this.port = port;
		this.cookies = cookies;
		this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		this.username = username;
		this.password = password;
		this.authorization = authorization;
	}

	/** The same client, sending HTTP Basic credentials. */
	public BatonClient as(String username, String password) {
		return new BatonClient(this.port, username, password, "Basic " + java.util.Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)), null);
	}

	/** The same client, sending a service token. */
	public BatonClient withToken(String token) {
		return new BatonClient(this.port, null, null, "Bearer " + token, null);
	}

	/** The same client as a browser signed in with {@code cookies} (see {@link #signIn}). */
	public BatonClient withCookies(String cookies) {
		return new BatonClient(this.port, null, null, null, cookies);
	}

	public String username() {
		return this.username;
	}

	public String password() {
		return this.password;
	}

	/** The {@code Authorization} header this client sends, or {@code null}. */
	public String authorization() {
		return this.authorization;
	}

	public Response post(String channel, String title, String body) {
		return send("POST", "/api/updates", JSON.writeValueAsString(Map.of("channel", channel, "title", title, "body", body)));
	}

	/** A post with an {@code Idempotency-Key}: made once however often it is sent with that key. */
	public Response post(String channel, String title, String body, String idempotencyKey) {
		return send(HttpRequest.newBuilder(uri("http", "/api/updates"))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", idempotencyKey)
			.POST(HttpRequest.BodyPublishers
				.ofString(JSON.writeValueAsString(Map.of("channel", channel, "title", title, "body", body)))));
	}

	public Response send(String method, String path, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri("http", path)).timeout(Duration.ofSeconds(30));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		return send(request);
	}

	public Response send(HttpRequest.Builder request) {
		credentials().forEach(request::setHeader);
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Signs in through the login form, as a browser does.
	 * @return the {@code Cookie} header a browser then sends: the session and the CSRF cookie
	 */
	public String signIn(String username, String password) {
		Response loginPage = send("GET", "/login", null);
		String form = "username=%s&password=%s&_csrf=%s".formatted(encode(username), encode(password),
				encode(csrfToken(loginPage.body())));
		Response login = send(HttpRequest.newBuilder(uri("http", "/login"))
			.header("Cookie", cookies(loginPage, Map.of()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
		if (login.status() != 302 || login.header("Location").contains("error")) {
			throw new IllegalStateException("sign-in failed: " + login.status() + " " + login.header("Location"));
		}
		// the page it is sent to, which sets the CSRF cookie of the signed-in session
		String cookies = cookies(login, cookieValues(loginPage));
		Response landing = send(HttpRequest.newBuilder(uri("http", login.header("Location").replaceFirst("^https?://[^/]+", "")))
			.header("Cookie", cookies));
		return cookies(landing, cookieValues(login, cookieValues(loginPage)));
	}

	/** The {@code Cookie} header after {@code response}, given the cookies held before it. */
	public static String cookies(Response response, Map<String, String> before) {
		Map<String, String> cookies = new java.util.LinkedHashMap<>(before);
		cookies.putAll(cookieValues(response));
		cookies.values().removeIf(String::isEmpty);
		return cookies.entrySet()
			.stream()
			.map(cookie -> cookie.getKey() + "=" + cookie.getValue())
			.collect(java.util.stream.Collectors.joining("; "));
	}

	private static Map<String, String> cookieValues(Response response) {
		return cookieValues(response, Map.of());
	}

	private static Map<String, String> cookieValues(Response response, Map<String, String> before) {
		Map<String, String> cookies = new java.util.LinkedHashMap<>(before);
		response.headers()
			.entrySet()
			.stream()
			.filter(header -> header.getKey().equalsIgnoreCase("Set-Cookie"))
			.flatMap(header -> header.getValue().stream())
			.map(cookie -> cookie.split(";", 2)[0].split("=", 2))
			.forEach(pair -> cookies.put(pair[0], (pair.length > 1) ? pair[1] : ""));
		return cookies;
	}

	/** The CSRF token of a page's form. */
	public static String csrfToken(String html) {
		java.util.regex.Matcher matcher = CSRF.matcher(html);
		if (!matcher.find()) {
			throw new IllegalStateException("no _csrf field in " + html);
		}
		return (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

	/** Opens an SSE stream; {@code path} includes the query. */
	public SseSubscriber sse(String path, String lastEventId) {
		return SseSubscriber.open(this.http, uri("http", path), lastEventId, credentials());
	}

	/** Opens a WebSocket; {@code path} includes the query. */
	public WsSubscriber ws(String path) {
		return WsSubscriber.open(this.http, uri("ws", path), credentials());
	}

	// the headers that sign this client in
	private Map<String, String> credentials() {
		if (this.cookies != null) {
			return Map.of("Cookie", this.cookies);
		}
		return (this.authorization != null) ? Map.of("Authorization", this.authorization) : Map.of();
	}

	public URI uri(String scheme, String path) {
		return URI.create(scheme + "://127.0.0.1:" + this.port + path);
	}

	/** An HTTP response with its body as text. */
	public record Response(int status, Map<String, java.util.List<String>> headers, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter(entry -> entry.getKey().equalsIgnoreCase(name))
				.map(entry -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

}
