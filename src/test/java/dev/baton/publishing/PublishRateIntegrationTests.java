package dev.baton.publishing;

import java.util.ArrayList;
import java.util.List;

import dev.baton.support.BatonClient;
import dev.baton.support.CommandSocket;
import dev.baton.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** A publisher over its rate is refused with 429 over HTTP and the WebSocket, and publishes nothing more. */
@TestPropertySource(properties = "baton.limits.publishes-per-second=1")
class PublishRateIntegrationTests extends IntegrationTest {

	@Test
	void aPublisherOverItsRateGetsTooManyRequests() {
		String channel = newModuleChannel();
		List<BatonClient.Response> answers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			answers.add(client().send("POST", "/api/channels/%s/events".formatted(channel), "{\"event\":\"x\",\"data\":%d}".formatted(i)));
		}
		BatonClient.Response refused = answers.stream().filter(answer -> answer.status() == 429).findFirst().orElseThrow();
		assertThat(refused.header("Retry-After")).isEqualTo("1");
		assertThat(refused.json().get("detail").asString()).isEqualTo("At most 1 events per second; retry in 1 s");

		try (CommandSocket socket = new CommandSocket(newMember().ws("/ws/updates"))) {
			client().send("PUT", "/api/channels/%s/permissions".formatted(channel), "{\"publish\":[\"role:member\"]}");
			List<JsonNode> acks = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				acks.add(socket.send("type", "publish", "ref", "p" + i, "channel", channel, "event", "x", "data", i).answer());
			}
			assertThat(acks).extracting(ack -> ack.path("status").asInt(0)).contains(429);
			assertThat(acks.get(0).get("type").asString()).isEqualTo("ack");
		}
	}

}
