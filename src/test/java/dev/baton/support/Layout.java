package dev.baton.support;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a person sees of a page, checked in Chromium: the behaviour tests pass on a page whose
 * inputs are 20 px wide. One set of rules for every page, at the width the browser shows:
 * <ul>
 * <li>every visible text field (text, password, search, untyped inputs, textareas, selects) is at
 * least {@value #MIN_FIELD_WIDTH} px wide on a desktop screen, and at least
 * {@value #MIN_FIELD_SHARE}% of its form's width on a phone;</li>
 * <li>on a phone, every button and every link that stands on its own (not a link inside a
 * sentence, WCAG 2.5.8's exception) is at least {@value #MIN_TAP_HEIGHT} px high;</li>
 * <li>no two visible sibling boxes overlap, and none reaches out of its box sideways, within
 * {@code main}, headers, navigation, sections, forms, lists and tables;</li>
 * <li>nothing is wider than the viewport.</li>
 * </ul>
 */
public final class Layout {

	/** Where the screenshots of the pages are kept, current with every run of their tests. */
	public static final Path SCREENSHOTS = Path.of("docs");

	static final int MIN_FIELD_WIDTH = 200;

	static final int MIN_FIELD_SHARE = 80;

	static final int MIN_TAP_HEIGHT = 44;

	/** Width at or under which the page is checked as a phone. */
	static final int PHONE_WIDTH = 640;

	// one script, so that the rules are the same on every page; returns what breaks them
	private static final String PROBLEMS = """
			const [minWidth, minShare, minTap, phoneWidth] = arguments;
			const phone = innerWidth <= phoneWidth;
			const problems = [];
			// not hidden, nor inside a closed <details>, and taking room
			const visible = (e) => {
			  const box = e.getBoundingClientRect();
			  return e.checkVisibility({ visibilityProperty: true }) && box.width > 0 && box.height > 0;
			};
			const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
			  + (e.classList.length ? '.' + [...e.classList].join('.') : '')
			  + ((e.textContent || '').trim() ? ' "' + e.textContent.trim().replace(/\\s+/g, ' ').slice(0, 30) + '"' : '');
			const px = (n) => Math.round(n) + ' px';

			const fields = 'input:is([type=text],[type=password],[type=search],:not([type])), textarea, select';
			for (const field of document.querySelectorAll(fields)) {
			  if (!visible(field)) continue;
			  const width = field.getBoundingClientRect().width;
			  const form = field.closest('form');
			  if (!phone && width < minWidth) problems.push(name(field) + ' is ' + px(width) + ' wide, under ' + minWidth + ' px');
			  if (phone && form && width < form.getBoundingClientRect().width * minShare / 100) {
			    problems.push(name(field) + ' is ' + px(width) + ' wide, under ' + minShare + '% of its form ('
			      + px(form.getBoundingClientRect().width) + ')');
			  }
			}

			if (phone) {
			  for (const target of document.querySelectorAll('button, summary, input[type=submit], a[href]')) {
			    if (!visible(target) || (target.tagName === 'A' && target.closest('p'))) continue;
			    const height = target.getBoundingClientRect().height;
			    if (height < minTap - 0.5) problems.push(name(target) + ' is ' + px(height) + ' high, under ' + minTap + ' px');
			  }
			}

			const containers = 'main, header, nav, section, form, details, ol, ul, dl, table, thead, tbody, tr, .actions';
			for (const container of document.querySelectorAll(containers)) {
			  if (!visible(container)) continue;
			  const outer = container.getBoundingClientRect();
			  const clips = getComputedStyle(container).overflowX !== 'visible';
			  const boxes = [...container.children].filter((child) => visible(child)
			    && !['absolute', 'fixed'].includes(getComputedStyle(child).position)).map((child) => [child, child.getBoundingClientRect()]);
			  for (const [child, box] of boxes) {
			    if (!clips && (box.left < outer.left - 1 || box.right > outer.right + 1)) {
			      problems.push(name(child) + ' reaches out of ' + name(container) + ' sideways');
			    }
			  }
			  for (let i = 0; i < boxes.length; i++) {
			    for (let j = i + 1; j < boxes.length; j++) {
			      const [a, p] = boxes[i];
			      const [b, q] = boxes[j];
			      const across = Math.min(p.right, q.right) - Math.max(p.left, q.left);
			      const down = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
			      if (across > 1 && down > 1) problems.push(name(a) + ' overlaps ' + name(b));
			    }
			  }
			}

			const scrollWidth = document.documentElement.scrollWidth;
			if (scrollWidth > innerWidth) problems.push('the page is ' + scrollWidth + ' px wide in a ' + innerWidth + ' px viewport');
			return problems;
			""";

	private Layout() {
	}

	/** What breaks the rules on the page the browser shows, as a person would say it. */
	@SuppressWarnings("unchecked")
	public static List<String> problems(Browser browser) {
		return (List<String>) browser.script(PROBLEMS, MIN_FIELD_WIDTH, MIN_FIELD_SHARE, MIN_TAP_HEIGHT, PHONE_WIDTH);
	}

	/**
	 * Asserts that the page the browser shows keeps the rules, and keeps its screenshot as
	 * {@code docs/<name>.png}.
	 */
	public static void check(Browser browser, String name) {
		browser.screenshot(SCREENSHOTS.resolve(name + ".png"));
		check(browser);
	}

	/** Asserts that the page the browser shows keeps the rules. */
	public static void check(Browser browser) {
		assertThat(problems(browser)).as("layout of %s", browser.path()).isEmpty();
	}

	/** The texts of the visible elements that {@code css} selects, in page order. */
	@SuppressWarnings("unchecked")
	public static List<String> visibleTexts(Browser browser, String css) {
		return (List<String>) browser.script("""
				return [...document.querySelectorAll(arguments[0])]
				  .filter((e) => e.checkVisibility({ visibilityProperty: true }))
				  .map((e) => e.textContent.trim());
				""", css);
	}

}
