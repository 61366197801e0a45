package dev.baton.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.HdrHistogram.Histogram;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.netty.resources.LoopResources;

/**
 * A load-generator process: holds a shard of the subscribers and obeys one-line commands on
 * standard input from the coordinator, answering on standard output. It ends when its input ends,
 * so it never outlives the coordinator.
 *
 * <pre>
 * open ws|sse|all         connect those subscribers    → progress OPEN FAILED ... then opened OPEN FAILED MILLIS
 * sent ID SEND COMMIT     a post's send and commit times (System.nanoTime)
 * await N MILLIS          wait until every live subscriber has N events → awaited BEHIND MILLIS
 * report N FINGERPRINT    check every subscriber against the posts → report k=v..., failures COUNT REASON|..., hist BASE64
 * missing                 pages lacking any post's item (html pages) → missing pages=P items=I
 * stream                  events and fetches so far → stream events=E eventBytes=B requests=R bytes=B ...
 * herd | html | baseline | poll MILLIS | unpoll | reconnect on|off | cut | record on|off | quit
 * include WHAT EVERY      streams opened from now on: every EVERY-th asks for include=WHAT
 * churn RATE | churn stop RATE subscribers a second leave and as many join → churned left=L joined=J joinFailed=F
 * ephemeral reset | ephemeral   presence and typing events since the reset → ephemeral asking=N events=E ...
 * typed K NANOS           typist K sent its first typing command at NANOS (System.nanoTime)
 * </pre>
 * {@code herd} makes the subscribers pages that fetch the feed fragment on every event;
 * {@code html} makes them pages that ask their stream for each item's HTML and apply it.
 */
public final class Generator {

	private final GeneratorSettings settings;

	private final LoopResources loops = LoopResources.create("generator", 2, true);

	private final Latencies latencies = new Latencies();

	/** Copied on write: a churn adds joiners while commands read the list. */
	private final List<Subscriber> subscribers;

	private final Connector connector;

	private final Pages pages;

	private final PushedPages pushed;

	private final Ephemeral ephemeral = new Ephemeral(this.latencies);

	private final Churn churn;

	/** What the subscribers are: plain subscribers, pages that fetch on each event, pages given HTML. */
	private enum Mode { STREAMS, FETCH, HTML }

	private volatile Mode mode = Mode.STREAMS;

	private Generator(GeneratorSettings settings) {
		this.settings = settings;
		this.connector = new Connector(settings, this.loops, new Connector.Listener() {

			@Override
			public void event(Subscriber subscriber, long updateId, String json) {
				onEvent(subscriber, updateId, json);
			}

			@Override
			public void resync(Subscriber subscriber) {
				onResync(subscriber);
			}

			@Override
			public void ephemeral(Subscriber subscriber, String json) {
				Generator.this.ephemeral.event(subscriber, json, Generator.this.connector.includes(subscriber));
			}

		});
		this.pages = new Pages(settings, this.loops, this.latencies, 30);
		this.pushed = new PushedPages(this.pages, this.latencies);
		List<Subscriber> subscribers = new ArrayList<>();
		for (int i = settings.first(); i < settings.first() + settings.count(); i++) {
			subscribers.add(new Subscriber(i, settings.sse(i), settings.stalled(i)));
		}
		this.subscribers = new CopyOnWriteArrayList<>(subscribers);
		this.churn = new Churn(settings, this.connector, this.subscribers);
	}

	public static void main(String[] arguments) throws Exception {
		Generator generator = new Generator(GeneratorSettings.parse(arguments));
		try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in))) {
			for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
				generator.command(line.split(" "));
			}
		}
		finally {
			generator.subscribers.forEach(generator.connector::close);
			generator.loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(5));
		}
		System.exit(0);
	}

	private void command(String[] words) throws InterruptedException {
		switch (words[0]) {
			case "open" -> open(words[1]);
			case "sent" -> this.latencies.sent(Long.parseLong(words[1]), Long.parseLong(words[2]), Long.parseLong(words[3]));
			case "await" -> await(Integer.parseInt(words[1]), Long.parseLong(words[2]));
			case "report" -> report(Integer.parseInt(words[1]), Long.parseLong(words[2]));
			case "hist" -> reply("hist " + encode(this.latencies.take()));
			case "herd" -> this.mode = Mode.FETCH;
			case "html" -> html();
			case "missing" -> reply(this.pushed.missing(this.subscribers, this.latencies.posted()));
			case "stream" -> reply("stream " + this.connector.updates() + " " + this.pages.stats());
			case "baseline" -> baseline();
			case "poll" -> poll(Long.parseLong(words[1]));
			case "unpoll" -> unpoll();
			case "reconnect" -> this.connector.reconnect(words[1].equals("on"));
			case "record" -> this.latencies.recording(words[1].equals("on"));
			case "cut" -> cut();
			case "login" -> login(Integer.parseInt(words[1]));
			case "cpu" -> reply("cpu " + cpuSeconds());
			case "staleness" -> this.latencies.fromCommit(true);
			case "shown" -> shown(Long.parseLong(words[1]));
			case "include" -> this.connector.include(words[1], Integer.parseInt(words[2]));
			case "churn" -> churn(words[1]);
			case "ephemeral" -> ephemeral(words.length > 1 && words[1].equals("reset"));
			case "typed" -> this.latencies.sent(Long.parseLong(words[1]), Long.parseLong(words[2]), Long.parseLong(words[2]));
			default -> reply("error unknown command " + words[0]);
		}
	}

	private void open(String transport) {
		Predicate<Subscriber> selected = switch (transport) {
			case "ws" -> (s) -> !s.sse;
			case "sse" -> (s) -> s.sse;
			default -> (s) -> true;
		};
		List<Subscriber> opening = this.subscribers.stream()
			.filter(selected.and((s) -> s.state == Subscriber.State.NEW))
			.toList();
		long started = System.nanoTime();
		Disposable progress = Flux.interval(Duration.ofSeconds(1))
			.subscribe((tick) -> reply("progress " + counts(opening)));
		Flux.fromIterable(opening)
			.flatMap(this.connector::open, this.settings.inFlight(opening.size()))
			.blockLast(Duration.ofMinutes(10));
		progress.dispose();
		reply("opened " + counts(opening) + " " + (System.nanoTime() - started) / 1_000_000);
	}

	private static String counts(List<Subscriber> subscribers) {
		long open = subscribers.stream().filter((s) -> s.state == Subscriber.State.OPEN).count();
		long failed = subscribers.stream().filter((s) -> s.state == Subscriber.State.FAILED).count();
		return open + " " + failed;
	}

	private void await(int events, long timeoutMillis) throws InterruptedException {
		long started = System.nanoTime();
		long deadline = started + timeoutMillis * 1_000_000;
		long behind = behind(events);
		while (behind > 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
			behind = behind(events);
		}
		reply("awaited " + behind + " " + (System.nanoTime() - started) / 1_000_000);
	}

	// Every subscriber that is meant to be live: in a storm, a dropped one, or one whose attempt
	// failed and that tries again, still counts as behind. In a churn, those that joined or left
	// have part of the posts.
	private long behind(int events) {
		return this.subscribers.stream()
			.filter((s) -> !s.stalled && !s.churned() && s.state != Subscriber.State.FAILED && s.state != Subscriber.State.NEW)
			.filter((s) -> s.state != Subscriber.State.OPEN || s.count < events)
			.count();
	}

	private void report(int posts, long fingerprint) {
		long open = 0, failed = 0, dropped = 0, delivered = 0, complete = 0, disorder = 0, wrong = 0, stalled = 0,
				resyncs = 0, connects = 0, joinersOpen = 0, joinersShort = 0, churnDisorder = 0;
		for (Subscriber s : this.subscribers) {
			// a joiner must have every post sent after its stream opened (and may have some sent just before)
			if (s.churned()) {
				boolean joinerOpen = s.joined && s.state == Subscriber.State.OPEN;
				joinersOpen += joinerOpen ? 1 : 0;
				joinersShort += (joinerOpen && s.count < this.latencies.sentAfter(s.openedAt)) ? 1 : 0;
				churnDisorder += s.disorder ? 1 : 0;
				continue;
			}
			open += (s.state == Subscriber.State.OPEN) ? 1 : 0;
			// still retrying at the end is as good as failed: not connected
			boolean notConnected = s.state == Subscriber.State.FAILED || s.state == Subscriber.State.RETRYING;
			failed += notConnected ? 1 : 0;
			dropped += (s.state == Subscriber.State.DROPPED) ? 1 : 0;
			stalled += s.stalled ? 1 : 0;
			resyncs += s.resyncs;
			connects += s.connects;
			if (s.stalled || notConnected) {
				continue;
			}
			delivered += s.count;
			disorder += s.disorder ? 1 : 0;
			boolean exact = s.count == posts && s.fingerprint == fingerprint && !s.disorder;
			complete += exact ? 1 : 0;
			wrong += (s.count == posts && s.fingerprint != fingerprint) ? 1 : 0;
		}
		reply("report open=" + open + " failed=" + failed + " dropped=" + dropped + " stalled=" + stalled + " delivered="
				+ delivered + " complete=" + complete + " disorder=" + disorder + " wrong=" + wrong + " resyncs=" + resyncs
				+ " connects=" + connects + " streamBytes=" + this.connector.bytes() + " " + this.connector.updates()
				+ " unmatched=" + this.latencies.unmatched() + " " + this.pages.stats() + " " + this.pushed.stats()
				+ " joinersOpen=" + joinersOpen + " joinersShort=" + joinersShort + " churnDisorder=" + churnDisorder
				+ " cpu=" + cpuSeconds());
		reply(this.connector.failures().line());
		reply("hist " + encode(this.latencies.take()));
	}

	// a page's latency is until its fetch shows the post or it has applied the item
	private void onEvent(Subscriber subscriber, long updateId, String json) {
		switch (this.mode) {
			case FETCH -> this.pages.onEvent(subscriber);
			case HTML -> this.pushed.event(subscriber, updateId, json);
			default -> this.latencies.received(updateId, System.nanoTime());
		}
	}

	// a page reads the feed again after a resync; a plain subscriber only counts it
	private void onResync(Subscriber subscriber) {
		switch (this.mode) {
			case FETCH -> this.pages.onEvent(subscriber);
			case HTML -> this.pushed.resync(subscriber);
			default -> {
			}
		}
	}

	private void churn(String rate) {
		if (rate.equals("stop")) {
			reply(this.churn.stop());
		}
		else {
			this.churn.start(Double.parseDouble(rate));
		}
	}

	private void ephemeral(boolean reset) {
		if (reset) {
			this.ephemeral.reset(this.subscribers);
		}
		else {
			reply(this.ephemeral.stats(this.subscribers, this.connector));
		}
	}

	private void html() {
		this.mode = Mode.HTML;
		this.connector.include("html");
	}

	private void login(int sessions) {
		String base = this.settings.feed().substring(0, this.settings.feed().indexOf("/updates/feed"));
		List<String> cookies = Sessions.login(base, this.settings.user(), this.settings.password(), sessions);
		this.connector.useSessions(cookies);
		this.pages.useSessions(cookies);
		reply("loggedin " + cookies.size());
	}

	private void baseline() {
		this.pages.baseline(this.subscribers).block(Duration.ofMinutes(5));
		reply("baselined");
	}

	private void poll(long intervalMillis) {
		this.latencies.fromCommit(true);
		this.pages.startPolling(this.subscribers, intervalMillis);
		reply("polling");
	}

	private void unpoll() {
		this.pages.stopPolling();
		reply("unpolled " + this.pages.stats());
	}

	private void shown(long newest) {
		long behind = this.subscribers.stream().filter((s) -> s.shown < newest).count();
		reply("shown behind=" + behind);
	}

	private void cut() {
		this.subscribers.stream().filter((s) -> s.state == Subscriber.State.OPEN).forEach(this.connector::cut);
		reply("cut");
	}

	private static double cpuSeconds() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime() / 1e9;
	}

	static String encode(Histogram histogram) {
		ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
		int length = histogram.encodeIntoCompressedByteBuffer(buffer);
		return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
	}

	private static synchronized void reply(String line) {
		System.out.println(line);
		System.out.flush();
	}

}
