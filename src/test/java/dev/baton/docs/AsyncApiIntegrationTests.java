package dev.baton.docs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.baton.support.BatonClient;
import dev.baton.support.CommandSocket;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Received;
import dev.baton.support.Received.Event;
import dev.baton.support.SseSubscriber;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AsyncAPI document served at {@code /asyncapi.yaml} describes what really goes over the
 * wire: events captured from both transports validate against its JSON schemas.
 */
class AsyncApiIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final ObjectMapper JSON = new ObjectMapper();

	// beyond any log's end, so a resume from it gets resync
	private static final String FUTURE = "999999999";

	private JsonNode document;

	@BeforeEach
	void readTheServedDocument() {
		BatonClient.Response served = client().send("GET", "/asyncapi.yaml", null);
		assertThat(served.status()).isEqualTo(200);
		Map<String, Object> yaml = new Yaml().load(served.body());
		this.document = JSON.valueToTree(yaml);
	}

	@Test
	void documentIsServedAsYamlSoBrowsersShowIt() {
		BatonClient.Response served = client().send("GET", "/asyncapi.yaml", null);
		assertThat(served.header("Content-Type")).isEqualTo("application/yaml;charset=UTF-8");
	}

	@Test
	void documentNeedsASignedInUser() {
		assertThat(anonymous().send("GET", "/asyncapi.yaml", null).status()).isEqualTo(401);
	}

	@Test
	void documentDescribesBothChannelsEveryMessageAndTheCloseCodes() {
		assertThat(this.document.at("/asyncapi").asText()).startsWith("3.");
		assertThat(this.document.at("/channels/websocket/address").asText()).isEqualTo("/ws/updates");
		assertThat(this.document.at("/channels/sse/address").asText()).isEqualTo("/api/updates/stream");
		assertThat(this.document.at("/channels/websocket/bindings/ws/query/properties").fieldNames())
			.toIterable()
			.contains("channels", "since");
		assertThat(this.document.at("/channels/sse/bindings/http/headers/properties").fieldNames())
			.toIterable()
			.contains("Last-Event-ID");
		assertThat(this.document.at("/components/schemas").fieldNames()).toIterable()
			.containsExactlyInAnyOrder("updates_changed", "channel_event", "resync", "signed_out", "access_withdrawn",
					"presence", "typing", "unread", "ping", "typing_command", "post", "edit", "delete", "publish", "ack", "error");
		String closeCodes = this.document.at("/channels/websocket/description").asText();
		for (String code : List.of("1001", "1002", "1003", "1007", "1008", "1009", "1011", "1013", "4000", "4001", "4403")) {
			assertThat(closeCodes).contains("| " + code + " |");
		}
	}

	@Test
	void eventsOverSseMatchTheDocumentsSchemas() {
		String channel = newChannel();
		String module = newModuleChannel();
		List<Event> captured = new ArrayList<>();
		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=%s,%s".formatted(channel, module), null)) {
			changeAnUpdate(channel);
			publishAnEvent(module);
			captured.addAll(sse.events().await(4, WAIT));
			assertThat(sse.lastEvent()).isEqualTo("channel_event");
		}
		captured.addAll(signals(true));
		try (SseSubscriber behind = client().sse("/api/updates/stream?channels=" + channel, FUTURE)) {
			captured.add(behind.events().next(WAIT));
			assertThat(behind.lastEvent()).isEqualTo("resync");
		}
		assertMatchesTheDocument(captured);
	}

	@Test
	void eventsOverTheWebSocketMatchTheDocumentsSchemas() {
		String channel = newChannel();
		String module = newModuleChannel();
		List<Event> captured = new ArrayList<>();
		try (WsSubscriber ws = client().ws("/ws/updates?channels=%s,%s".formatted(channel, module))) {
			changeAnUpdate(channel);
			publishAnEvent(module);
			captured.addAll(ws.events().await(4, WAIT));
		}
		captured.addAll(signals(false));
		try (WsSubscriber behind = client().ws("/ws/updates?channels=" + channel + "&since=" + FUTURE)) {
			captured.add(behind.events().next(WAIT));
		}
		assertMatchesTheDocument(captured);
	}

	@Test
	void documentsExamplesMatchItsSchemas() {
		for (JsonNode message : this.document.at("/components/messages")) {
			for (JsonNode example : message.path("examples")) {
				assertThat(violations(example.get("payload"))).as(example.toString()).isEmpty();
			}
		}
	}

	// created, edited, deleted: every action
	private void changeAnUpdate(String channel) {
		long id = client().post(channel, "described", "x").json().get("id").asLong();
		client().send("PATCH", "/api/updates/" + id, "{\"title\":\"described again\"}");
		client().send("DELETE", "/api/updates/" + id, null);
	}

	private void publishAnEvent(String module) {
		assertThat(client().send("POST", "/api/channels/%s/events".formatted(module),
				"{\"event\":\"order.shipped\",\"data\":{\"order\":7,\"lines\":[1,2]}}").status()).isEqualTo(201);
	}

	// presence, typing and unread on a stream of the admin's that asks for them, as a member types
	// and posts; and the error answering a refused typing
	private List<Event> signals(boolean sse) {
		String channel = newChannel();
		BatonClient member = newMember();
		String path = "/api/updates/stream?channels=%s&include=presence,typing,unread".formatted(channel);
		try (CommandSocket typing = new CommandSocket(member.ws("/ws/updates?channels=" + channel));
				AutoCloseable stream = sse ? client().sse(path, null) : client().ws(path.replace("/api/updates/stream", "/ws/updates"))) {
			Received events = (stream instanceof SseSubscriber subscriber) ? subscriber.events() : ((WsSubscriber) stream).events();
			List<Event> signals = new ArrayList<>();
			signals.add(events.until(event -> event.type().equals("presence"), WAIT));
			typing.send("type", "typing", "channel", channel);
			signals.add(events.until(event -> event.type().equals("typing"), WAIT));
			member.post(channel, "unread", "x");
			signals.add(events.until(event -> event.type().equals("unread"), WAIT));
			signals.add(new Event(typing.send("type", "typing").answer(), 0));
			return signals;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void assertMatchesTheDocument(List<Event> captured) {
		assertThat(captured).extracting(Event::type)
			.contains("updates_changed", "channel_event", "resync", "presence", "typing", "unread", "error");
		for (Event event : captured) {
			assertThat(violations(readTree(event.toString()))).as(event.toString()).isEmpty();
		}
	}

	// the schema named by the message's type, so a type the document lacks fails too
	private Set<ValidationMessage> violations(JsonNode message) {
		String type = message.path("type").asText();
		JsonNode schema = this.document.at("/components/schemas/" + type);
		assertThat(schema.isMissingNode()).as("the document has a schema for '%s'", type).isFalse();
		JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
		return validator.validate(message);
	}

	private static JsonNode readTree(String json) {
		try {
			return JSON.readTree(json);
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
