package dev.baton.docs;

import java.util.ArrayList;
import java.util.List;

import dev.baton.support.BatonClient;
import dev.baton.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST API is described in OpenAPI 3 at {@code /v3/api-docs}, with Swagger UI, for signed-in users. */
class OpenApiIntegrationTests extends IntegrationTest {

	@Test
	void openApiDocumentListsEveryRestEndpoint() {
		BatonClient.Response docs = newMember().send("GET", "/v3/api-docs", null);
		assertThat(docs.status()).isEqualTo(200);
		JsonNode api = docs.json();
		assertThat(api.get("openapi").asString()).startsWith("3.");
		assertThat(api.get("paths").propertyNames()).contains("/api/updates", "/api/updates/{id}", "/api/channels",
				"/api/users", "/api/users/{username}", "/api/updates/stream")
			.doesNotContain("/ws/updates");
		assertThat(api.at("/paths/~1api~1updates/post").isMissingNode()).isFalse();
		assertThat(api.at("/paths/~1api~1updates~1{id}/patch").isMissingNode()).isFalse();
		assertThat(api.at("/paths/~1api~1updates~1{id}/delete").isMissingNode()).isFalse();
		assertThat(api.at("/components/securitySchemes/basic/scheme").asString()).isEqualTo("basic");
	}

	@Test
	void operationsHaveReadableNamesTagsAndTheStatusTheyReallyAnswer() {
		JsonNode paths = newMember().send("GET", "/v3/api-docs", null).json().get("paths");
		List<String> operationIds = new ArrayList<>();
		paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
			String name = operation.getKey().toUpperCase() + " " + path.getKey();
			assertThat(ApiDocuments.OPERATIONS).as(name).containsKey(name);
			assertThat(operation.getValue().get("operationId").asString()).as(name)
				.isEqualTo(ApiDocuments.OPERATIONS.get(name).operationId())
				.matches("[a-z]+[A-Za-z]*");
			assertThat(operation.getValue().get("tags").get(0).asString()).as(name).doesNotContain("controller");
			operationIds.add(operation.getValue().get("operationId").asString());
		}));
		assertThat(operationIds).contains("createUpdate", "listUpdates", "getUpdate", "editUpdate", "deleteUpdate",
				"listChannels", "createChannel", "listUsers", "createUser", "deleteUser", "streamUpdates")
			.doesNotHaveDuplicates();
		assertThat(paths.at("/~1api~1updates/post/responses").propertyNames()).contains("201").doesNotContain("200");
		assertThat(paths.at("/~1api~1updates/post/responses/201/headers/Location").isMissingNode()).isFalse();
		assertThat(paths.at("/~1api~1users/post/responses").propertyNames()).contains("201").doesNotContain("200");
		assertThat(paths.at("/~1api~1channels/post/responses").propertyNames()).contains("201").doesNotContain("200");
		assertThat(paths.at("/~1api~1updates~1{id}/delete/responses").propertyNames()).contains("204");
		assertThat(paths.at("/~1api~1updates/get/responses/200/content").propertyNames()).containsExactly("application/json");
	}

	@Test
	void errorResponsesAreDocumentedAsProblemDetails() {
		JsonNode api = newMember().send("GET", "/v3/api-docs", null).json();
		assertThat(api.at("/paths/~1api~1updates/post/responses").propertyNames()).contains("400", "401", "403", "409",
				"413", "415", "429", "503");
		assertThat(api.at("/paths/~1api~1updates~1{id}/patch/responses").propertyNames()).contains("400", "403", "404",
				"429");
		assertThat(api.at("/paths/~1api~1users/post/responses").propertyNames()).contains("400", "401", "403", "409");
		assertThat(api.at("/paths/~1api~1updates/post/responses/400/content/application~1problem+json/schema/$ref")
			.asString()).isEqualTo("#/components/schemas/Problem");
		assertThat(api.at("/components/schemas/Problem/properties").propertyNames()).contains("title", "status",
				"detail", "instance", "errors");
		assertThat(api.get("tags").findValuesAsString("name")).contains("Updates", "Channels", "Users", "Streams");
	}

	@Test
	void documentsNeedASignedInUser() {
		assertThat(anonymous().send("GET", "/v3/api-docs", null).status()).isEqualTo(401);
	}

	@Test
	void swaggerUiShowsTheDocument() {
		BatonClient admin = client();
		BatonClient.Response ui = admin.send("GET", "/webjars/swagger-ui/index.html", null);
		assertThat(ui.status()).isEqualTo(200);
		assertThat(ui.body()).contains("swagger-ui");
		BatonClient.Response config = admin.send("GET", "/v3/api-docs/swagger-config", null);
		assertThat(config.status()).isEqualTo(200);
		assertThat(config.body()).contains("/v3/api-docs");
	}

}
