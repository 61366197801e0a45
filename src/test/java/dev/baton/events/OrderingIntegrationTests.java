package dev.baton.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.baton.support.IntegrationTest;
import dev.baton.support.Received;
import dev.baton.support.Received.Event;
import dev.baton.support.SseSubscriber;
import dev.baton.support.WsSubscriber;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderingIntegrationTests extends IntegrationTest {

	private static final int WRITERS = 8;

	private static final int POSTS_PER_WRITER = 25;

	@Test
	void concurrentWritersReachEverySubscriberOnceInStrictlySeqOrder() throws Exception {
		String channel = newChannel();
		List<AutoCloseable> subscribers = new ArrayList<>();
		List<Received> received = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			SseSubscriber sse = client().sse("/api/updates/stream?channels=" + channel, null);
			WsSubscriber ws = client().ws("/ws/updates?channels=" + channel);
			subscribers.add(sse);
			subscribers.add(ws);
			received.add(sse.events());
			received.add(ws.events());
		}
		Set<Long> posted = ConcurrentHashMap.newKeySet();

		long started = System.nanoTime();
		ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
		IntStream.range(0, WRITERS).forEach(writer -> writers.submit(() -> {
			for (int i = 0; i < POSTS_PER_WRITER; i++) {
				posted.add(client().post(channel, "writer " + writer + " post " + i, "x").json().get("id").asLong());
			}
		}));
		writers.shutdown();
		assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		double seconds = (System.nanoTime() - started) / 1e9;

		int total = WRITERS * POSTS_PER_WRITER;
		assertThat(posted).hasSize(total);
		for (Received events : received) {
			List<Event> all = events.await(total, Duration.ofSeconds(30));
			List<Long> seqs = all.stream().map(Event::seq).toList();
			assertThat(seqs).isSorted().doesNotHaveDuplicates();
			assertThat(all).extracting(event -> event.json().get("update_id").asLong()).containsExactlyInAnyOrderElementsOf(posted);
			assertThat(events.drain(Duration.ofMillis(500))).isEmpty();
		}
		System.out.printf("[measure] %d concurrent posts from %d writers in %.2f s (%.0f posts/s), 4 subscribers%n", total,
				WRITERS, seconds, total / seconds);
		for (AutoCloseable subscriber : subscribers) {
			subscriber.close();
		}
	}

	@Test
	void sequentialPostsReachBothTransportsWithinMilliseconds() {
		String channel = newChannel();
		try (SseSubscriber sse = client().sse("/api/updates/stream?channels=" + channel, null);
				WsSubscriber ws = client().ws("/ws/updates?channels=" + channel)) {
			int count = 200;
			long[] sseLatency = new long[count];
			long[] wsLatency = new long[count];
			for (int i = 0; i < count; i++) {
				long posted = System.nanoTime();
				long id = client().post(channel, "post " + i, "x").json().get("id").asLong();
				Event viaSse = sse.events().next(Duration.ofSeconds(10));
				Event viaWs = ws.events().next(Duration.ofSeconds(10));
				// each post's own event, on both transports, before the next post is made
				assertThat(viaSse.json().get("update_id").asLong()).isEqualTo(id);
				assertThat(viaWs.json()).isEqualTo(viaSse.json());
				sseLatency[i] = viaSse.receivedAt() - posted;
				wsLatency[i] = viaWs.receivedAt() - posted;
			}
			System.out.printf("[measure] POST to receipt over %d posts: SSE p50 %.1f ms p99 %.1f ms; WebSocket p50 %.1f ms p99 %.1f ms%n",
					count, percentile(sseLatency, 50), percentile(sseLatency, 99), percentile(wsLatency, 50),
					percentile(wsLatency, 99));
		}
	}

	private static double percentile(long[] nanos, int percentile) {
		long[] sorted = nanos.clone();
		java.util.Arrays.sort(sorted);
		return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
	}

}
