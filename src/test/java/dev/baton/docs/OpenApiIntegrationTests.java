package dev.baton.docs;

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
