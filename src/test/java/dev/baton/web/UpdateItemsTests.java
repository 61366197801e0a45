package dev.baton.web;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import dev.baton.events.Action;
import dev.baton.events.StreamProperties;
import dev.baton.events.UpdateContent;
import dev.baton.events.UpdateEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UpdateItemsTests {

	private static final Instant POSTED = Instant.parse("2026-12-04T10:15:30.123456Z");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final UpdateItems items = new UpdateItems(Templates.engine(), new StreamProperties(256, 4), this.meters);

	@Test
	void eachEventIsRenderedOnceWhateverTheNumberOfStreamsThatAskForIt() throws Exception {
		UpdateEvent event = event(1, 7, Action.CREATED, "Hello", "First post");
		ExecutorService loops = Executors.newFixedThreadPool(4);
		try {
			List<Callable<String>> streams = IntStream.range(0, 1_000).<Callable<String>>mapToObj(i -> () -> this.items.html(event)).toList();
			List<String> written = loops.invokeAll(streams).stream().map(UpdateItemsTests::get).toList();

			assertThat(written).hasSize(1_000).containsOnly(written.get(0));
			assertThat(renders()).isEqualTo(1);
		}
		finally {
			loops.shutdown();
		}
	}

	@Test
	void theItemIsTheFeedsItemShownOnceWithItsMarkupAsText() {
		String html = this.items.html(event(1, 7, Action.CREATED, "<script>alert(1)</script>", "<img src=x onerror=\"x()\"> & more"));

		assertThat(html).startsWith("<li class=\"update\" data-update-id=\"7\" data-author=\"ana\"")
			.contains("data-version=\"2026-12-04T10:15:30.123456Z\"", "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=&quot;x()&quot;&gt; &amp; more",
					"datetime=\"2026-12-04T10:15:30.123456Z\"", "hx-get=\"/updates/7/edit\"", "hx-post=\"/updates/7/delete\"")
			.doesNotContain("<script>", "<img", "<form", "<textarea");
		assertThat(html.split("&lt;script&gt;", -1)).as("the title appears once").hasSize(2);
	}

	@Test
	void aReplayedEventShowsItsUpdateAsTheNewestEventDoes() {
		UpdateEvent created = event(1, 7, Action.CREATED, "First title", "body");
		this.items.html(created);
		String edited = this.items.html(event(2, 7, Action.EDITED, "Second title", "body"));

		assertThat(this.items.html(created)).isEqualTo(edited).contains("Second title").contains("edited");
		assertThat(renders()).isEqualTo(2);
	}

	@Test
	void anUpdateThatIsGoneHasNoItem() {
		assertThat(this.items.html(new UpdateEvent(3, 8, "general", Action.DELETED, "ana", POSTED))).isNull();
		assertThat(renders()).isZero();
	}

	@Test
	void anEventReadAfterItsUpdateWasDeletedHasNoItemThoughAnOlderOneWasKept() {
		this.items.html(event(1, 7, Action.CREATED, "First", "body"));

		// edited, then deleted before the relay read the edit: the edit is read without content
		assertThat(this.items.html(new UpdateEvent(2, 7, "general", Action.EDITED, "ana", POSTED))).isNull();
		assertThat(this.items.html(event(1, 7, Action.CREATED, "First", "body"))).as("a slow stream's older event")
			.contains("First");
	}

	@Test
	void theNewestItemsOfTheReplayWindowAreKept() {
		for (long id = 1; id <= 5; id++) {
			this.items.html(event(id, id, Action.CREATED, "Update " + id, "body"));
		}
		this.items.html(event(2, 2, Action.CREATED, "Update 2", "body"));
		this.items.html(event(1, 1, Action.CREATED, "Update 1", "body"));

		// a window of 4: update 1 had left, update 2 had not
		assertThat(renders()).isEqualTo(6);
	}

	private long renders() {
		return (long) this.meters.get("baton.stream.item-renders").counter().count();
	}

	private static UpdateEvent event(long seq, long id, Action action, String title, String body) {
		return new UpdateEvent(seq, id, "general", action, "ana", POSTED,
				new UpdateContent(title, body, "ana", POSTED, (action == Action.EDITED) ? POSTED.plusSeconds(60) : null));
	}


	private static String get(Future<String> future) {
		try {
			return future.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
