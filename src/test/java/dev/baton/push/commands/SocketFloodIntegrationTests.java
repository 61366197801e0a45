package dev.baton.push.commands;

import java.lang.management.ManagementFactory;
import java.util.List;

import dev.baton.support.BatonClient;
import dev.baton.support.CommandSocket;
import dev.baton.support.IntegrationTest;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = "baton.limits.posts-per-minute=30")
class SocketFloodIntegrationTests extends IntegrationTest {

	private static final int FLOOD = 1000;

	private static final int REST = 10;

	@Autowired
	private MeterRegistry meters;

	@Test
	void floodOfCommandsOnOneSocketMeets429sAndIsNeverBuffered() {
		BatonClient member = newMember();
		String channel = newChannel();
		long heapBefore = usedHeap();
		// open before the REST posts, so that it sees every post of the channel, whichever path
		try (CommandSocket socket = new CommandSocket(member.ws("/ws/updates?channels=" + channel))) {
			// the budget is the user's, whichever path: REST takes ten of the thirty
			for (int i = 0; i < REST; i++) {
				assertThat(member.post(channel, "over REST " + i, "x").status()).isEqualTo(201);
			}
			for (int i = 0; i < FLOOD; i++) {
				socket.send("type", "post", "ref", "f" + i, "channel", channel, "title", "flood " + i, "body", "x");
			}
			List<JsonNode> answers = socket.answers(FLOOD);
			long heapAfter = usedHeap();

			long acks = answers.stream().filter(answer -> answer.get("type").asString().equals("ack")).count();
			List<JsonNode> refused = answers.stream().filter(answer -> answer.get("type").asString().equals("error")).toList();
			DistributionSummary waiting = this.meters.get("baton.websocket.commands.waiting").summary();
			System.out.printf("[measure] flood of %d posts on one socket: %d acked, %d refused with 429; at most %.0f "
					+ "messages waited; heap used %d MB before, %d MB after%n", FLOOD, acks, refused.size(), waiting.max(),
					heapBefore >> 20, heapAfter >> 20);

			assertThat(answers).extracting(answer -> answer.get("ref").asString())
				.containsExactlyElementsOf(java.util.stream.IntStream.range(0, FLOOD).mapToObj(i -> "f" + i).toList());
			// a sliding minute: nothing leaves the window while the flood lasts
			assertThat(acks).isEqualTo(20L);
			assertThat(refused).extracting(answer -> answer.get("status").asInt()).containsOnly(429);
			assertThat(refused.get(0).get("detail").asString()).startsWith("At most 30 posts per minute; retry in");
			// one running, sixteen waiting, and the one Reactor Netty is handing over
			assertThat(waiting.count()).as("commands measured while waiting").isGreaterThanOrEqualTo(FLOOD);
			assertThat(waiting.max()).isLessThanOrEqualTo(CommandHandler.WAITING + 2);
			assertThat(socket.events(REST + (int) acks)).hasSize(REST + (int) acks);
		}
	}

	private static long usedHeap() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
