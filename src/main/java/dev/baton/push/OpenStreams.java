package dev.baton.push;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.baton.limits.StreamPermits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

import org.springframework.stereotype.Component;

/**
 * The streams open on this instance, for both transports: each one's {@link OpenStream} keeps
 * the meters it moves, looked up once when it opens, so that sending an event costs one counter
 * increment. Channel tags are bounded by the channels in the database: unknown channels are
 * refused before a stream opens.
 * <ul>
 * <li>{@code baton.subscribers{transport,channel}}: open streams per subscribed channel, {@code all}
 * for a stream of every channel (a stream of two channels counts in each)</li>
 * <li>{@code baton.streams{transport}}: open streams, each counted once</li>
 * <li>{@code baton.connects{transport}}: streams opened</li>
 * <li>{@code baton.deliveries{transport}}: events written to subscribers</li>
 * </ul>
 */
@Component
public class OpenStreams {

	/** The channel tag of a stream that receives every channel. */
	static final String ALL_CHANNELS = "all";

	private final MeterRegistry meters;

	private final Map<Tags, AtomicInteger> gauges = new ConcurrentHashMap<>();

	private final StreamPermits permits;

	OpenStreams(MeterRegistry meters, StreamPermits permits) {
		this.meters = meters;
		this.permits = permits;
	}

	/** The record of a stream about to open; nothing is counted until {@link OpenStream#opened()}. */
	OpenStream open(Transport transport, String user, Set<String> channels, OptionalLong resumeAfter) {
		List<AtomicInteger> open = (channels.isEmpty() ? Set.of(ALL_CHANNELS) : channels).stream()
			.map(channel -> gauge("baton.subscribers", Tags.of("transport", transport.tag(), "channel", channel)))
			.toList();
		Tags tags = Tags.of("transport", transport.tag());
		return new OpenStream(transport, user, channels, resumeAfter, open, gauge("baton.streams", tags),
				Counter.builder("baton.connects").tags(tags).register(this.meters),
				Counter.builder("baton.deliveries").tags(tags).register(this.meters), this.permits);
	}

	/** How many streams are open, each counted once. */
	public int streams() {
		return this.gauges.entrySet()
			.stream()
			.filter(gauge -> "baton.streams".equals(tag(gauge.getKey(), "meter")))
			.mapToInt(gauge -> gauge.getValue().get())
			.sum();
	}

	/** The open streams by transport and channel ({@code all} for streams of every channel). */
	public List<Count> subscribers() {
		return this.gauges.entrySet()
			.stream()
			.filter(gauge -> "baton.subscribers".equals(tag(gauge.getKey(), "meter")))
			.map(gauge -> new Count(tag(gauge.getKey(), "transport"), tag(gauge.getKey(), "channel"),
					gauge.getValue().get()))
			.toList();
	}

	private static String tag(Tags tags, String key) {
		return tags.stream().filter(tag -> tag.getKey().equals(key)).map(Tag::getValue).findFirst().orElse(null);
	}

	/**
	 * Streams open on one transport for one channel.
	 * @param transport {@code websocket} or {@code sse}
	 * @param channel the channel, or {@code all}
	 * @param open how many
	 */
	public record Count(String transport, String channel, int open) {
	}

	// registered once per tag set, with the value it reads held here for good
	private AtomicInteger gauge(String name, Tags tags) {
		return this.gauges.computeIfAbsent(tags.and("meter", name), key -> {
			AtomicInteger value = new AtomicInteger();
			Gauge.builder(name, value, AtomicInteger::get).tags(tags).strongReference(true).register(this.meters);
			return value;
		});
	}

}
