package dev.baton.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Signs in through the login form as a browser does (GET the form for its CSRF token and cookie,
 * POST it), so page clients carry a session cookie like the feed page instead of Basic
 * credentials. A handful of sessions is shared by all page clients: bcrypt per login is slow.
 */
final class Sessions {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");

	private Sessions() {
	}

	/** {@code count} session cookies ({@code NAME=value}) for the user, from the server at {@code base}. */
	static List<String> login(String base, String user, String password, int count) {
		List<String> cookies = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			cookies.add(loginOnce(base, user, password));
		}
		return cookies;
	}

	private static String loginOnce(String base, String user, String password) {
		HttpClient client = HttpClient.create();
		String[] form = client.get()
			.uri(base + "/login")
			.responseSingle((response, body) -> body.asString()
				.map((html) -> new String[] { cookies(response.responseHeaders()), csrf(html) }))
			.block(Duration.ofSeconds(30));
		String fields = "username=" + encode(user) + "&password=" + encode(password) + "&_csrf=" + encode(form[1]);
		String cookie = client.headers((h) -> h.set(HttpHeaderNames.COOKIE, form[0])
			.set(HttpHeaderNames.CONTENT_TYPE, "application/x-www-form-urlencoded"))
			.post()
			.uri(base + "/login")
			.send(ByteBufFlux.fromString(Mono.just(fields)))
			.responseSingle((response, body) -> {
				String location = response.responseHeaders().get(HttpHeaderNames.LOCATION, "");
				if (response.status().code() != 302 || location.contains("error")) {
					return Mono.error(new IllegalStateException("login failed: " + response.status() + " " + location));
				}
				return Mono.just(session(response.responseHeaders()));
			})
			.block(Duration.ofSeconds(30));
		return (cookie == null || cookie.isEmpty()) ? form[0] : cookie;
	}

	// the form's cookies go back with it: the CSRF token's (XSRF-TOKEN) among them
	private static String cookies(HttpHeaders headers) {
		return String.join("; ", headers.getAll(HttpHeaderNames.SET_COOKIE).stream().map(Sessions::nameAndValue).toList());
	}

	private static String session(HttpHeaders headers) {
		return headers.getAll(HttpHeaderNames.SET_COOKIE).stream()
			.filter((setCookie) -> setCookie.startsWith("SESSION="))
			.map(Sessions::nameAndValue)
			.findFirst()
			.orElse("");
	}

	private static String nameAndValue(String setCookie) {
		return setCookie.substring(0, (setCookie.indexOf(';') > 0) ? setCookie.indexOf(';') : setCookie.length());
	}

	private static String csrf(String html) {
		Matcher matcher = CSRF.matcher(html);
		if (!matcher.find()) {
			throw new IllegalStateException("the login page has no CSRF field");
		}
		return (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
