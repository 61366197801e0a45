package dev.baton.web;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.ISpringWebFluxTemplateEngine;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Renders the newest page of a feed as the HTML fragment the page refreshes from. The fragment
 * is the same for every viewer, so {@link FeedPages} renders it once per change and every page
 * view that asks is served its bytes. Rendering is CPU only, done outside any request.
 */
@Component
class FeedFragments {

	static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	private static final Set<String> ITEMS = Set.of("updateItems");

	private final ISpringWebFluxTemplateEngine templates;

	private final Counter renders;

	FeedFragments(ISpringWebFluxTemplateEngine templates, MeterRegistry meters) {
		this.templates = templates;
		this.renders = meters.counter("baton.feed.renders");
	}

	/** The fragment of {@code page}, the newest {@code size} updates of {@code channel} (all when null). */
	Fragment render(String channel, int size, FeedPages.Versioned page) {
		Context context = new Context();
		context.setVariable("limits", PageController.LIMITS);
		context.setVariable("channel", channel);
		context.setVariable("updates", page.updates());
		context.setVariable("pageSize", size);
		byte[] html = this.templates.process("updates", ITEMS, context).getBytes(StandardCharsets.UTF_8);
		this.renders.increment();
		return new Fragment(html, etag(page, channel, size));
	}

	// the fragment shows the page of updates as of its seq, whoever asks
	private static String etag(FeedPages.Versioned page, String channel, int size) {
		String seq = page.seq().isPresent() ? Long.toString(page.seq().getAsLong()) : "start";
		return "W/\"%s-%s-%d\"".formatted(seq, (channel != null) ? channel : "", size);
	}

	/**
	 * A rendered fragment, shared by every response that serves it.
	 *
	 * @param html the fragment in UTF-8, never to be modified
	 * @param etag its weak entity tag
	 */
	record Fragment(byte[] html, String etag) {
	}

}
