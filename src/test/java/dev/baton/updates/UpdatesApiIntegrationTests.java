package dev.baton.updates;

import java.util.List;

import dev.baton.support.BatonClient.Response;
import dev.baton.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class UpdatesApiIntegrationTests extends IntegrationTest {

	@Test
	void schemaHoldsTheSameFieldLimitsAsTheApi() {
		List<Integer> lengths = this.db.sql("""
				SELECT character_maximum_length FROM information_schema.columns
				WHERE table_name = 'updates' AND column_name IN ('title', 'body') ORDER BY column_name DESC""")
			.map(row -> row.get(0, Integer.class))
			.all()
			.collectList()
			.block();

		assertThat(lengths).containsExactly(Limits.TITLE, Limits.BODY);
	}

	@Test
	void createdUpdateIsReturnedWithItsLocation() {
		String channel = newChannel();
		Response created = client().post(channel, "Quarterly results", "Line one\nLine two");

		assertThat(created.status()).isEqualTo(201);
		JsonNode update = created.json();
		assertThat(created.header("Location")).isEqualTo("/api/updates/" + update.get("id").asLong());
		assertThat(update.get("channel").asString()).isEqualTo(channel);
		assertThat(update.get("title").asString()).isEqualTo("Quarterly results");
		assertThat(update.get("body").asString()).isEqualTo("Line one\nLine two");
		assertThat(update.get("author").asString()).isNotBlank();
		assertThat(update.get("createdAt").asString()).isNotBlank();
		assertThat(update.get("editedAt").isNull()).isTrue();

		Response fetched = client().send("GET", created.header("Location"), null);
		assertThat(fetched.status()).isEqualTo(200);
		assertThat(fetched.json()).isEqualTo(update);
	}

	@Test
	void patchChangesOnlyTheGivenFieldsAndMarksTheUpdateEdited() {
		long id = client().post(newChannel(), "Draft", "Body stays").json().get("id").asLong();

		Response edited = client().send("PATCH", "/api/updates/" + id, "{\"title\":\"Final\"}");

		assertThat(edited.status()).isEqualTo(200);
		assertThat(edited.json().get("title").asString()).isEqualTo("Final");
		assertThat(edited.json().get("body").asString()).isEqualTo("Body stays");
		assertThat(edited.json().get("editedAt").isNull()).isFalse();
	}

	@Test
	void deletedUpdateIsGone() {
		long id = client().post(newChannel(), "Short-lived", "x").json().get("id").asLong();

		assertThat(client().send("DELETE", "/api/updates/" + id, null).status()).isEqualTo(204);
		Response gone = client().send("GET", "/api/updates/" + id, null);
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(client().send("DELETE", "/api/updates/" + id, null).status()).isEqualTo(404);
	}

	@Test
	void listPagesNewestFirstWithABeforeCursor() {
		String channel = newChannel();
		for (int i = 1; i <= 5; i++) {
			client().post(channel, "Post " + i, "body");
		}
		client().post(newChannel(), "Elsewhere", "not in the page");

		List<String> first = titles(client().send("GET", "/api/updates?channel=" + channel + "&limit=2", null));
		assertThat(first).containsExactly("Post 5", "Post 4");
		long cursor = client().send("GET", "/api/updates?channel=" + channel + "&limit=2", null).json().get(1).get("id").asLong();
		List<String> next = titles(client().send("GET", "/api/updates?channel=" + channel + "&limit=10&before=" + cursor, null));
		assertThat(next).containsExactly("Post 3", "Post 2", "Post 1");
	}

	@Test
	void channelsListsTheSeededChannels() {
		Response channels = client().send("GET", "/api/channels", null);

		assertThat(channels.status()).isEqualTo(200);
		assertThat(channels.json().findValuesAsString("name")).contains("announcements", "general");
	}

	@Test
	void aJsonBodyWithoutItsContentTypeIsToldWhatToSend() {
		String json = "{\"channel\":\"general\",\"title\":\"t\",\"body\":\"x\"}";
		// what curl -d sends when -H 'Content-Type: application/json' is forgotten
		assertProblem(client().send(java.net.http.HttpRequest.newBuilder(anonymous().uri("http", "/api/updates"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(json))), 415,
				"Content type 'application/x-www-form-urlencoded' is not supported; send Content-Type: application/json");
		assertProblem(client().send(java.net.http.HttpRequest.newBuilder(anonymous().uri("http", "/api/updates"))
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(json))), 415,
				"The request has no Content-Type; send Content-Type: application/json");
	}

	@Test
	void malformedJsonIsABadRequest() {
		Response response = client().send("POST", "/api/updates", "{\"channel\": \"general\", \"title\": ");

		assertProblem(response, 400, "not valid JSON");
	}

	@Test
	void missingOrBlankFieldsAreNamed() {
		assertProblem(client().send("POST", "/api/updates", "{\"channel\":\"general\",\"body\":\"x\"}"), 400, "title");
		Response blank = client().post("general", "   ", "x");
		assertProblem(blank, 400, "title must not be blank");
		assertThat(blank.json().get("errors").get(0).get("field").asString()).isEqualTo("title");
		assertProblem(client().post("general", "t", ""), 400, "body must not be blank");
	}

	@Test
	void fieldsOverTheirLimitAreRejected() {
		assertProblem(client().post("general", "t".repeat(201), "x"), 400, "title size must be between");
		assertProblem(client().post("general", "t", "b".repeat(10_001)), 400, "body size must be between");
	}

	@Test
	void bodyOver64KilobytesIsTooLarge() {
		assertProblem(client().post("general", "t", "b".repeat(70_000)), 413, "larger than the limit");
	}

	@Test
	void unknownChannelIsRejected() {
		assertProblem(client().post("no-such-channel", "t", "x"), 400, "Unknown channel 'no-such-channel'");
		assertProblem(client().send("GET", "/api/updates?channel=no-such-channel", null), 400, "Unknown channel");
	}

	@Test
	void nonNumericIdIsABadRequest() {
		assertProblem(client().send("GET", "/api/updates/abc", null), 400, "Invalid value 'abc' for id");
	}

	@Test
	void emptyPatchAndOversizedLimitAreRejected() {
		long id = client().post(newChannel(), "t", "x").json().get("id").asLong();
		Response empty = client().send("PATCH", "/api/updates/" + id, "{}");
		assertProblem(empty, 400, "Nothing to change: send title, body or both");
		assertThat(empty.json().findValuesAsString("field")).containsExactly("body", "title");
		assertProblem(client().send("PATCH", "/api/updates/" + id, "{\"body\":\" \"}"), 400, "body must not be blank");
		assertProblem(client().send("GET", "/api/updates?limit=101", null), 400, "limit must be less than or equal to 100");
	}

	@Test
	void sameIdempotencyKeyPostedTwiceGivesOneUpdateAndTheSameAnswer() {
		String channel = newChannel();
		String key = java.util.UUID.randomUUID().toString();
		Response first = client().post(channel, "Once", "x", key);
		Response again = client().post(channel, "Once", "x", key);

		assertThat(first.status()).isEqualTo(201);
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.header("Location")).isEqualTo(first.header("Location"));
		assertThat(again.json()).isEqualTo(first.json());
		assertThat(client().send("GET", "/api/updates?channel=" + channel, null).json()).hasSize(1);
		assertThat(first.json().has("idempotencyKey")).isFalse();
		assertProblem(client().post(channel, "Something else", "x", key), 409, "already names another post");
		assertThat(newMember().post(channel, "Once", "x", key).status()).as("another user's key").isEqualTo(201);
		assertThat(client().send("GET", "/api/updates?channel=" + channel, null).json()).hasSize(2);
	}

	@Test
	void idempotencyKeyOfTheWrongLengthIsRejected() {
		String channel = newChannel();
		Response tooLong = client().post(channel, "t", "x", "k".repeat(65));
		assertProblem(tooLong, 400, "Idempotency-Key size must be between 1 and 64");
		assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
		assertThat(client().send("GET", "/api/updates?channel=" + channel, null).json()).isEmpty();
	}

	@Test
	void controlCharactersAndUnpairedSurrogatesAreRejectedAndTheFieldNamed(CapturedOutput output) {
		String channel = newChannel();
		Response nul = client().send("POST", "/api/updates", json(channel, "a\\u0000b", "x"));
		assertProblem(nul, 400, "title must not contain control characters other than tab, line feed and carriage return");
		assertThat(nul.json().get("errors").get(0).get("field").asString()).isEqualTo("title");
		assertProblem(client().send("POST", "/api/updates", json(channel, "t", "bell\\u0007")), 400,
				"body must not contain control characters");
		Response surrogate = client().send("POST", "/api/updates", json(channel, "t", "half \\uD800 a pair"));
		assertProblem(surrogate, 400, "body must not contain an unpaired UTF-16 surrogate");

		long id = client().post(channel, "t", "x").json().get("id").asLong();
		assertProblem(client().send("PATCH", "/api/updates/" + id, "{\"body\":\"\\u0000\"}"), 400,
				"body must not contain control characters");
		assertProblem(client().send("PATCH", "/api/updates/" + id, "{\"title\":\"\\uDC00\"}"), 400,
				"title must not contain an unpaired UTF-16 surrogate");
		assertProblem(client().send("POST", "/api/channels", "{\"name\":\"c-%d\",\"description\":\"\\u0000\"}"
			.formatted(System.nanoTime())), 400, "description must not contain control characters");

		Response text = client().post(channel, "tab\tand a pair \uD83D\uDE00", "lines\r\nand\nmore");
		assertThat(text.status()).isEqualTo(201);
		assertThat(text.json().get("title").asString()).isEqualTo("tab\tand a pair \uD83D\uDE00");
		assertThat(text.json().get("body").asString()).isEqualTo("lines\r\nand\nmore");
		assertThat(output).doesNotContain("PostgresqlException", "invalid byte sequence", "\tat ");
	}

	@Test
	void titlesOfNoBreakAndOtherUnicodeSpacesAreBlank() {
		String channel = newChannel();
		Response spaces = client().post(channel, "\u00A0\u2007\u202F\u3000", "x");
		assertProblem(spaces, 400, "title must not be blank");
		assertThat(spaces.json().get("errors").get(0).get("field").asString()).isEqualTo("title");
		assertProblem(client().post(channel, "t", "\u200B\u2028 "), 400, "body must not be blank");
		long id = client().post(channel, "t", "x").json().get("id").asLong();
		assertProblem(client().send("PATCH", "/api/updates/" + id, "{\"title\":\"\u00A0\"}"), 400,
				"title must not be blank");
		assertThat(client().post(channel, "\u00A0Caf\u00E9\u00A0", "x").status()).isEqualTo(201);
	}

	private static String json(String channel, String title, String body) {
		return "{\"channel\":\"%s\",\"title\":\"%s\",\"body\":\"%s\"}".formatted(channel, title, body);
	}


	private static List<String> titles(Response response) {
		return response.json().findValuesAsString("title");
	}

	static void assertProblem(Response response, int status, String detail) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("detail").asString()).contains(detail);
		assertThat(response.body()).doesNotContain("Exception", "at dev.baton", "SELECT");
	}

}
