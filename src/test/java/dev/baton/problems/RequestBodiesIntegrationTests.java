package dev.baton.problems;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import dev.baton.support.BatonClient;
import dev.baton.support.BatonClient.Response;
import dev.baton.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Request bodies the endpoints do not take: too large, or of another type. */
@ExtendWith(OutputCaptureExtension.class)
class RequestBodiesIntegrationTests extends IntegrationTest {

	private static final String TOO_LARGE = "The request body is larger than the limit of 64KB";

	@ParameterizedTest(name = "chunked: {0}")
	@ValueSource(booleans = { false, true })
	void aFormOver64KilobytesIsTooLargeOnThePageAndAtSignIn(boolean chunked, CapturedOutput output) {
		String form = "channel=general&title=t&body=" + "b".repeat(70_000);
		assertProblem(page().send(post("/updates", "application/x-www-form-urlencoded", form, chunked)
			.header("X-CSRF-TOKEN", this.token)), 413, TOO_LARGE);

		Response loginPage = anonymous().send("GET", "/login", null);
		String session = BatonClient.cookies(loginPage, java.util.Map.of());
		String signIn = "_csrf=" + BatonClient.csrfToken(loginPage.body()) + "&username=admin&password=" + "p".repeat(70_000);
		assertProblem(anonymous().send(post("/login", "application/x-www-form-urlencoded", signIn, chunked).header("Cookie", session)),
				413, TOO_LARGE);

		String json = "{\"channel\":\"general\",\"title\":\"t\",\"body\":\"%s\"}".formatted("b".repeat(70_000));
		assertProblem(client().send(post("/api/updates", "application/json", json, chunked)), 413, TOO_LARGE);
		if (!chunked) {
			// refused before the body is read: nothing fails, nothing is logged
			assertThat(output).doesNotContain("DataBufferLimitException", "onErrorDropped");
		}
	}

	@Test
	void multipartBodiesAreRefusedInWordsWithoutJavaNames() {
		Response api = client().send(multipart("/api/updates"));
		assertProblem(api, 415, "Content type 'multipart/form-data' is not supported; send Content-Type: application/json");

		assertProblem(client().send(multipart("/api/users")), 415,
				"Content type 'multipart/form-data' is not supported; send Content-Type: application/json");
		assertProblem(page().send(multipart("/updates").header("X-CSRF-TOKEN", this.token)), 415,
				"Content type 'multipart/form-data' is not supported; send Content-Type: application/x-www-form-urlencoded");
	}

	// the page's forms are the signed-in browser's, with its CSRF token
	private String token;

	private BatonClient page() {
		BatonClient browser = anonymous().withCookies(anonymous().signIn("admin", ADMIN_PASSWORD));
		this.token = BatonClient.csrfToken(browser.send("GET", "/", null).body());
		return browser;
	}

	// a body of a known length is sent with Content-Length, one from a stream in chunks
	private HttpRequest.Builder post(String path, String contentType, String body, boolean chunked) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return HttpRequest.newBuilder(anonymous().uri("http", path))
			.header("Content-Type", contentType)
			.POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
					: HttpRequest.BodyPublishers.ofByteArray(bytes));
	}

	private HttpRequest.Builder multipart(String path) {
		String body = """
				--b0undary\r
				Content-Disposition: form-data; name="channel"\r
				\r
				general\r
				--b0undary\r
				Content-Disposition: form-data; name="title"\r
				\r
				t\r
				--b0undary--\r
				""";
		return HttpRequest.newBuilder(anonymous().uri("http", path))
			.header("Content-Type", "multipart/form-data; boundary=b0undary")
			.POST(HttpRequest.BodyPublishers.ofString(body));
	}

	private static void assertProblem(Response response, int status, String detail) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(status);
		assertThat(response.json().get("detail").asString()).isEqualTo(detail);
		assertThat(response.body()).doesNotContain("dev.baton", "java.", "Exception", "bodyType");
	}

}
