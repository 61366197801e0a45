package dev.baton.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Page clients as the page now works: the stream ({@code include=html}) brings each created or
 * edited update's list item, which the page applies by its {@code data-update-id}, inserting or
 * replacing it, and a deleted one is removed, all without a request; only a {@code resync} makes a
 * page fetch the feed fragment, once, and show what it holds. A page keeps its list as update id →
 * a hash of the item's markup (the markup itself, thousands of pages × every post, would not fit a
 * generator's heap). The first hash seen for each event is kept to check that every page got the
 * same item. A created item records the time from its POST until it is applied.
 */
final class PushedPages {

	private final Pages pages;

	private final Latencies latencies;

	private final Map<Long, Long> itemBySeq = new ConcurrentHashMap<>();

	private final AtomicLong applied = new AtomicLong();

	private final AtomicLong withoutHtml = new AtomicLong();

	private final AtomicLong wrongItem = new AtomicLong();

	private final AtomicLong differing = new AtomicLong();

	PushedPages(Pages pages, Latencies latencies) {
		this.pages = pages;
		this.latencies = latencies;
	}

	/** Applies one {@code updates_changed} event to the page; one without an item is counted, not applied. */
	void event(Subscriber page, long updateId, String json) {
		String action = Wire.text(json, "action");
		if ("deleted".equals(action)) {
			synchronized (page) {
				items(page).remove(updateId);
			}
			this.applied.incrementAndGet();
			return;
		}
		// The item is checked and hashed where it lies in the JSON, still escaped, not decoded into
		// a string of its own: a generator playing thousands of pages on the server's cores should
		// spend on each event little more than the pages' own JSON parsing would.
		int start = json.indexOf("\"html\":\"");
		int end = (start < 0) ? -1 : Wire.stringEnd(json, start + 8);
		if (end < 0) {
			this.withoutHtml.incrementAndGet();
			return;
		}
		int id = json.indexOf("data-update-id=\\\"" + updateId + "\\\"", start);
		if (id < 0 || id > end) {
			this.wrongItem.incrementAndGet();
			return;
		}
		long hash = hash(json, start + 8, end);
		Long first = this.itemBySeq.putIfAbsent(Wire.number(json, "seq"), hash);
		if (first != null && first != hash) {
			this.differing.incrementAndGet();
		}
		synchronized (page) {
			items(page).put(updateId, hash);
		}
		this.applied.incrementAndGet();
		if ("created".equals(action)) {
			this.latencies.received(updateId, System.nanoTime());
		}
	}

	/**
	 * Fetches the fragment and shows it: its items replace those from its oldest on, and older ones
	 * stay, as its "Load older" would show them again.
	 */
	void resync(Subscriber page) {
		this.pages.fragment(page).subscribe((fragment) -> {
			Map<Long, Long> shown = new HashMap<>();
			Wire.items(fragment, (id, html) -> shown.put(id, hash(html)));
			if (shown.isEmpty()) {
				return;
			}
			long oldest = shown.keySet().stream().mapToLong(Long::longValue).min().orElse(0);
			long now = System.nanoTime();
			Set<Long> posted = this.latencies.posted();
			synchronized (page) {
				Map<Long, Long> items = items(page);
				shown.keySet().stream()
					.filter((id) -> !items.containsKey(id) && posted.contains(id))
					.forEach((id) -> this.latencies.received(id, now));
				items.keySet().removeIf((id) -> id >= oldest);
				items.putAll(shown);
			}
		});
	}

	/** How many of {@code pages} that are open and reading lack any of {@code ids}, and how many items they lack. */
	String missing(List<Subscriber> pages, Set<Long> ids) {
		long missingPages = 0;
		long missingItems = 0;
		for (Subscriber page : pages) {
			if (!page.live()) {
				continue;
			}
			long lacking;
			synchronized (page) {
				Map<Long, Long> items = items(page);
				lacking = ids.stream().filter((id) -> !items.containsKey(id)).count();
			}
			missingPages += (lacking > 0) ? 1 : 0;
			missingItems += lacking;
		}
		return "missing pages=" + missingPages + " items=" + missingItems;
	}

	String stats() {
		return "applied=" + this.applied.get() + " withoutHtml=" + this.withoutHtml.get() + " wrongItem="
				+ this.wrongItem.get() + " differing=" + this.differing.get();
	}

	// called with the page's monitor held
	private static Map<Long, Long> items(Subscriber page) {
		if (page.items == null) {
			page.items = new HashMap<>();
		}
		return page.items;
	}

	private static long hash(String html) {
		return hash(html, 0, html.length());
	}

	private static long hash(CharSequence text, int from, int to) {
		int hash = 0;
		for (int i = from; i < to; i++) {
			hash = 31 * hash + text.charAt(i);
		}
		return ((long) hash << 32) | (to - from);
	}

}
