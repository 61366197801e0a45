package dev.baton.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.baton.events.Action;
import dev.baton.events.StreamProperties;
import dev.baton.events.UpdateContent;
import dev.baton.events.UpdateEvent;
import dev.baton.updates.Update;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.ISpringWebFluxTemplateEngine;

import org.springframework.stereotype.Component;

/**
 * The feed's list item of each changed update, as a page shows it, for the streams that carry
 * it: the same markup for every viewer, rendered once per event on this instance, when the first
 * stream that asks for it writes the event. The newest item of each update is kept for the
 * replay window, so a replay shows each update as it is now without rendering it again.
 */
@Component
public class UpdateItems {

	private static final Set<String> ITEM = Set.of("updateItem");

	private final ISpringWebFluxTemplateEngine templates;

	private final Counter renders;

	// the newest item of each update, by its id; the least recently used leave first
	private final Map<Long, Item> newest;

	UpdateItems(ISpringWebFluxTemplateEngine templates, StreamProperties properties, MeterRegistry meters) {
		this.templates = templates;
		this.renders = meters.counter("baton.stream.item-renders");
		int window = properties.replayWindow();
		this.newest = new LinkedHashMap<>(16, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<Long, Item> eldest) {
				return size() > window;
			}
		};
	}

	/**
	 * The item of the update {@code event} changed, as it is now (as the newest event of it that
	 * this instance read shows it), or null when the update is gone.
	 */
	public String html(UpdateEvent event) {
		if (event.action() == Action.DELETED) {
			synchronized (this.newest) {
				this.newest.remove(event.updateId());
			}
			return null;
		}
		Item item;
		synchronized (this.newest) {
			item = this.newest.get(event.updateId());
			if (item != null && item.seq >= event.seq()) {
				return item.html();
			}
			if (event.content() == null) {
				// gone when the event was read: what was kept of it is older still
				this.newest.remove(event.updateId());
				return null;
			}
			item = new Item(event);
			this.newest.put(event.updateId(), item);
		}
		return item.html();
	}

	/** One update's item, rendered once, by whichever stream asks for it first. */
	private final class Item {

		private final long seq;

		private UpdateEvent event;

		private String html;

		Item(UpdateEvent event) {
			this.seq = event.seq();
			this.event = event;
		}

		synchronized String html() {
			if (this.html == null) {
				this.html = render(this.event.updateId(), this.event.channel(), this.event.content());
				// the item is what is kept for the replay window, not the content it came from
				this.event = null;
			}
			return this.html;
		}

	}

	private String render(long id, String channel, UpdateContent content) {
		Context context = new Context();
		context.setVariable("u", new Update(id, channel, content.title(), content.body(), content.author(),
				content.createdAt(), content.editedAt(), null));
		String html = this.templates.process("updates", ITEM, context).strip();
		this.renders.increment();
		return html;
	}

}
