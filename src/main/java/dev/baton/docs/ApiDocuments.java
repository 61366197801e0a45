package dev.baton.docs;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.ExternalDocumentation;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.webflux.autoconfigure.ResourceHandlerRegistrationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;

/**
 * What springdoc cannot find in the controllers: the title, HTTP Basic as the way to sign in,
 * where the streams are described, and for each operation its name, its tag, the status it
 * answers with and the problems it may answer instead ({@link #OPERATIONS}); and the content
 * type of the AsyncAPI document.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocuments {

	private static final String PROBLEM = "Problem";

	/** Every operation of the REST API, keyed by method and path; a test checks none is missing. */
	static final Map<String, Documented> OPERATIONS = Map.ofEntries(
			Map.entry("POST /api/updates", new Documented("createUpdate", "Updates", 201, 400, 401, 403, 409, 413, 415, 429, 503)),
			Map.entry("GET /api/updates", new Documented("listUpdates", "Updates", 200, 400, 401, 503)),
			Map.entry("GET /api/updates/{id}", new Documented("getUpdate", "Updates", 200, 400, 401, 404, 503)),
			Map.entry("PATCH /api/updates/{id}", new Documented("editUpdate", "Updates", 200, 400, 401, 403, 404, 413, 415, 429, 503)),
			Map.entry("DELETE /api/updates/{id}", new Documented("deleteUpdate", "Updates", 204, 400, 401, 403, 404, 429, 503)),
			Map.entry("GET /api/updates/stream", new Documented("streamUpdates", "Streams", 200, 400, 401, 429, 503)),
			Map.entry("GET /api/channels", new Documented("listChannels", "Channels", 200, 401, 503)),
			Map.entry("POST /api/channels", new Documented("createChannel", "Channels", 201, 400, 401, 403, 409, 413, 415, 503)),
			Map.entry("GET /api/channels/{channel}/permissions", new Documented("getChannelPermissions", "Channels", 200, 400, 401, 403, 503)),
			Map.entry("PUT /api/channels/{channel}/permissions", new Documented("setChannelPermissions", "Channels", 200, 400, 401, 403, 413, 415, 503)),
			Map.entry("POST /api/channels/{channel}/events", new Documented("publishEvent", "Events", 201, 400, 401, 403, 404, 409, 410, 413, 415, 429, 503)),
			Map.entry("GET /api/channels/{channel}/presence", new Documented("getChannelPresence", "Presence", 200, 401, 403, 404, 503)),
			Map.entry("GET /api/presence", new Documented("getOnlinePresence", "Presence", 200, 401, 403, 503)),
			Map.entry("GET /api/unread", new Documented("getUnread", "Presence", 200, 401, 403, 503)),
			Map.entry("PUT /api/unread", new Documented("markRead", "Presence", 204, 400, 401, 403, 413, 415, 503)),
			Map.entry("GET /api/tokens", new Documented("listTokens", "Tokens", 200, 401, 403, 503)),
			Map.entry("POST /api/tokens", new Documented("createToken", "Tokens", 201, 400, 401, 403, 409, 413, 415, 503)),
			Map.entry("DELETE /api/tokens/{id}", new Documented("revokeToken", "Tokens", 204, 400, 401, 403, 404, 503)),
			Map.entry("GET /api/users", new Documented("listUsers", "Users", 200, 401, 403, 503)),
			Map.entry("POST /api/users", new Documented("createUser", "Users", 201, 400, 401, 403, 409, 413, 415, 503)),
			Map.entry("DELETE /api/users/{username}", new Documented("deleteUser", "Users", 204, 401, 403, 404, 409, 503)));

	private static final Map<Integer, String> PROBLEMS = Map.of(400,
			"Invalid request: a missing, blank or too long field (listed in errors), malformed JSON, an unknown channel, a bad parameter",
			401, "No credentials, or wrong ones", 403,
			"Signed in, but not allowed; or a request with the session cookie and without the CSRF token", 404,
			"No such update, user, token, or channel to publish on", 409,
			"Already exists (a user in any case, a channel, a token), an Idempotency-Key used for other content, or deleting your own account",
			410, "The Idempotency-Key named an event the log no longer holds", 413,
			"The request body is over 64 KB, or an event's data over baton.publish.max-payload", 415,
			"A body that is not application/json", 429,
			"Over a rate or stream limit; Retry-After says when to try again", 503,
			"The database is unavailable, or the instance holds its maximum of streams; Retry-After says when to try again");

	@Bean
	OpenAPI batonOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Baton REST API")
				.version("0.1.0")
				.description("Updates, channels, users, and events published by other modules. Errors are RFC 9457 "
						+ "problem details. Every change is pushed as an updates_changed event, every published event as a "
						+ "channel_event; the streams are described in AsyncAPI."))
			.externalDocs(new ExternalDocumentation().description("The streams (WebSocket and SSE), in AsyncAPI 3")
				.url("/asyncapi.yaml"))
			.tags(List.of(new Tag().name("Updates").description("Posts in channels: create, read, edit, delete"),
					new Tag().name("Channels").description("The channels updates are posted to"),
					new Tag().name("Users").description("User management, for admins"),
					new Tag().name("Events").description("Events other modules publish on module channels"),
					new Tag().name("Tokens").description("Service tokens, for admins: what services publish and read with"),
					new Tag().name("Presence").description("Who is in a channel or online, and each person's unread posts"),
					new Tag().name("Streams").description("Server-Sent Events of every change (see /asyncapi.yaml)")))
			.components(new Components()
				.addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
				.addSecuritySchemes("token", new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.description("A service token (POST /api/tokens): publishes events and reads streams only")))
			.addSecurityItem(new SecurityRequirement().addList("basic"))
			.addSecurityItem(new SecurityRequirement().addList("token"));
	}

	/**
	 * Names, tags, success statuses and problem responses from {@link #OPERATIONS}; the problem's
	 * schema is added here, since springdoc replaces the schemas of the document above.
	 */
	@Bean
	OpenApiCustomizer documentedOperations() {
		return api -> {
			api.getComponents().addSchemas(PROBLEM, problemSchema());
			api.getPaths()
				.forEach((path, item) -> item.readOperationsMap()
					.forEach((method, operation) -> document(OPERATIONS.get(method + " " + path), operation)));
		};
	}

	private static void document(Documented documented, Operation operation) {
		if (documented == null) {
			return;
		}
		operation.operationId(documented.operationId()).tags(List.of(documented.tag()));
		ApiResponses responses = operation.getResponses();
		String success = Integer.toString(documented.status());
		ApiResponse answer = responses.containsKey(success) ? responses.get(success) : responses.remove("200");
		responses.clear();
		responses.addApiResponse(success, successful(documented.status(), answer));
		for (int status : documented.problems()) {
			responses.addApiResponse(Integer.toString(status), new ApiResponse().description(PROBLEMS.get(status))
				.content(new Content().addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE,
						new io.swagger.v3.oas.models.media.MediaType().schema(new Schema<>().$ref(PROBLEM)))));
		}
	}

	private static ApiResponse successful(int status, ApiResponse answer) {
		ApiResponse documented = (answer != null) ? answer : new ApiResponse();
		return switch (status) {
			case 201 -> documented.description("Created")
				.addHeaderObject("Location", new Header().description("The new resource").schema(new StringSchema()));
			case 204 -> documented.description("No content").content(null);
			default -> documented.description("OK");
		};
	}

	// RFC 9457 as Baton sends it: no type member, errors only on invalid fields
	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("RFC 9457 problem details (application/problem+json)")
			.addProperty("title", new StringSchema().example("Invalid request"))
			.addProperty("status", new IntegerSchema().example(400))
			.addProperty("detail", new StringSchema().example("title must not be blank"))
			.addProperty("instance", new StringSchema().example("/api/updates"))
			.addProperty("errors", new ArraySchema().description("the invalid fields, on 400 only")
				.items(new ObjectSchema().addProperty("field", new StringSchema().example("title"))
					.addProperty("message", new StringSchema().example("must not be blank"))));
	}

	/**
	 * {@code /asyncapi.yaml} is a static resource, and Spring's table of media types has no
	 * {@code .yaml}: without this it is served as {@code application/octet-stream}, which
	 * browsers download instead of showing.
	 */
	@Bean
	ResourceHandlerRegistrationCustomizer yamlResources() {
		return registration -> registration
			.setMediaTypes(Map.of("yaml", new MediaType("application", "yaml", StandardCharsets.UTF_8)));
	}

	/**
	 * How one operation is documented.
	 *
	 * @param operationId its name for clients and generators
	 * @param tag the group it is listed under
	 * @param status the status of its successful answer
	 * @param problems the statuses of the problems it may answer with instead
	 */
	record Documented(String operationId, String tag, int status, int... problems) {
	}

}
