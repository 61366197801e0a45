package dev.baton.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import dev.baton.events.UpdatesStream;
import dev.baton.presence.ReadMarks;
import dev.baton.updates.Actor;
import dev.baton.updates.PostPath;
import dev.baton.updates.Channel;
import dev.baton.updates.Channels;
import dev.baton.updates.Limits;
import dev.baton.updates.NewUpdate;
import dev.baton.updates.Update;
import dev.baton.updates.UpdateChanges;
import dev.baton.updates.UpdateService;
import dev.baton.updates.Written;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.validation.BindingResult;
import org.springframework.util.StringUtils;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

/**
 * The feed page and the HTML fragments it fetches with htmx. Changes made here reach the page,
 * like every other change, as events followed by a fetch of the feed fragment.
 */
@Controller
class PageController {

	static final Map<String, Integer> LIMITS = Map.of("title", Limits.TITLE, "body", Limits.BODY, "pageSize",
			Limits.PAGE_SIZE, "maxPageSize", Limits.MAX_PAGE_SIZE);

	private final UpdateService updates;

	private final Channels channels;

	private final UpdatesStream stream;

	private final FeedPages feedPages;

	private final ReadMarks readMarks;

	PageController(UpdateService updates, Channels channels, UpdatesStream stream, FeedPages feedPages,
			ReadMarks readMarks) {
		this.updates = updates;
		this.channels = channels;
		this.stream = stream;
		this.feedPages = feedPages;
		this.readMarks = readMarks;
	}

	// the field limits and page sizes the templates and the page's script use
	@ModelAttribute("limits")
	Map<String, Integer> limits() {
		return LIMITS;
	}

	@GetMapping("/")
	Mono<Rendering> feed(@RequestParam(required = false) String channel, Authentication user) {
		return feedOf(channelOrAll(channel), Actor.of(user));
	}

	/** Where the post form points when the viewed channel is not one its viewer may post to. */
	static final String DEFAULT_CHANNEL = "general";

	private Mono<Rendering> feedOf(String channel, Actor actor) {
		// read before the feed: the page resumes after it, so nothing committed in between is missed
		return this.channels.feedShown(channel, actor)
			.flatMap(shown -> this.stream.resumePoint()
				.flatMap(since -> Mono.zip(Mono.just(since), this.channels.readableFeed(actor),
						this.feedPages.newest(channel, shown, Limits.PAGE_SIZE), this.readMarks.unread(actor))))
			.map(loaded -> Rendering.view("feed")
				.modelAttribute("user", actor)
				.modelAttribute("channel", channel)
				.modelAttribute("since", loaded.getT1())
				.modelAttribute("channels", loaded.getT2())
				.modelAttribute("postable", postable(loaded.getT2(), actor))
				.modelAttribute("view", channel)
				.modelAttribute("form", new NewUpdate(defaultChannel(channel, postable(loaded.getT2(), actor)), "", ""))
				.modelAttribute("updates", loaded.getT3().updates())
				.modelAttribute("pageSize", Limits.PAGE_SIZE)
				// each tab's unread posts, as they were before this view marks its own read
				.modelAttribute("unread", loaded.getT4())
				.build());
	}

	// A refresh asks for as many updates as the page shows, so "Load older" pages stay. The
	// newest page is rendered once per change and its bytes served to every page view
	// (FeedPages); one that already shows it gets 304, as WebFlux answers a matching
	// If-None-Match for a response entity with an ETag (exchange.checkNotModified). The page
	// sends the newest seq it was told of, perhaps by another instance.
	@GetMapping(path = "/updates/feed", params = "!before")
	Mono<ResponseEntity<byte[]>> newest(@RequestParam(required = false) String channel,
			@RequestParam(defaultValue = "" + Limits.PAGE_SIZE) int limit, @RequestParam(required = false) Long seq,
			Authentication user) {
		OptionalLong seen = (seq != null) ? OptionalLong.of(seq) : OptionalLong.empty();
		String shown = channelOrAll(channel);
		return this.channels.feedShown(shown, Actor.of(user))
			.flatMap(readable -> this.feedPages.newestFragment(shown, readable, pageSize(limit), seen))
			.map(fragment -> ResponseEntity.ok()
				.cacheControl(CacheControl.noCache())
				.eTag(fragment.etag())
				.contentType(FeedFragments.HTML)
				.body(fragment.html()));
	}

	@GetMapping(path = "/updates/feed", params = "before")
	Mono<Rendering> older(@RequestParam(required = false) String channel, @RequestParam long before,
			@RequestParam(defaultValue = "" + Limits.PAGE_SIZE) int limit, Authentication user) {
		String shown = channelOrAll(channel);
		int size = pageSize(limit);
		return this.channels.feedShown(shown, Actor.of(user))
			.flatMapMany(readable -> this.updates.page(readable, before, size))
			.collectList()
			.map(page -> Rendering.view("updates :: updateItems")
				.modelAttribute("channel", shown)
				.modelAttribute("before", before)
				.modelAttribute("updates", page)
				.modelAttribute("pageSize", size)
				.build());
	}

	private static int pageSize(int limit) {
		return Math.max(1, Math.min(Limits.MAX_PAGE_SIZE, limit));
	}

	// The page's forms send their fields URL-encoded; a multipart body, which would be read into
	// parts first (files to disk), is refused before it is read. The form names the channel the
	// page shows (view, empty for all): a post elsewhere is not seen there, so the answer says
	// where it went.
	@PostMapping(path = "/updates", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	Mono<Rendering> post(@Valid @ModelAttribute("form") NewUpdate form, BindingResult errors,
			ServerWebExchange exchange, Authentication user) {
		Actor actor = Actor.of(user);
		// empty when posted; otherwise what to tell the person (field errors show at their fields)
		Mono<String> problem = errors.hasErrors() ? Mono.just("")
				: this.updates.create(form, null, actor, PostPath.PAGE)
					.then(Mono.<String>empty())
					.onErrorResume(ErrorResponseException.class, rejected -> Mono.just(rejected.getBody().getDetail()));
		return Mono.zip(problem.map(Optional::of).defaultIfEmpty(Optional.empty()), this.channels.readableFeed(actor),
				viewOf(exchange))
			.map(outcome -> answer(form, outcome.getT1(), postable(outcome.getT2(), actor), outcome.getT3().orElse(null)));
	}

	// the channel the page shows, none for all; WebFlux binds @RequestParam from the query only
	private static Mono<Optional<String>> viewOf(ServerWebExchange exchange) {
		return exchange.getFormData().map(data -> Optional.ofNullable(channelOrAll(data.getFirst("view"))));
	}

	private static Rendering answer(NewUpdate form, Optional<String> problem, List<Channel> postable, String view) {
		Rendering.Builder<?> answer = Rendering.view("updates :: updateForm")
			.modelAttribute("postable", postable)
			.modelAttribute("view", view);
		if (problem.isPresent()) {
			return answer.modelAttribute("problem", problem.get()).status(HttpStatus.UNPROCESSABLE_CONTENT).build();
		}
		return answer.modelAttribute("posted", (view != null && !view.equals(form.channel())) ? form.channel() : null)
			.modelAttribute("form", new NewUpdate(form.channel(), "", ""))
			.build();
	}

	// the form Edit opens, with the update as it is now, for whoever may change it; not in the
	// item, which every event carries
	@GetMapping("/updates/{id}/edit")
	Mono<Rendering> editForm(@PathVariable long id, Authentication user) {
		return this.updates.findChangeable(id, Actor.of(user))
			.map(update -> Rendering.view("updates :: editForm").modelAttribute("u", update).build());
	}

	@PostMapping(path = "/updates/{id}/edit", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	Mono<Rendering> edit(@PathVariable long id, @Valid @ModelAttribute UpdateChanges changes, BindingResult errors,
			Authentication user) {
		Actor actor = Actor.of(user);
		// a refused edit shows the update again only to who may change it: to anyone else, its refusal
		if (errors.hasErrors()) {
			return this.updates.findChangeable(id, actor).map(update -> editRejected(update, "Title and body must not be blank"));
		}
		return this.updates.edit(id, changes, actor)
			.map(Written::update)
			.map(update -> Rendering.view("updates :: updateItem").modelAttribute("u", update).build())
			.onErrorResume(ErrorResponseException.class, rejected -> this.updates.findChangeable(id, actor)
				.map(update -> editRejected(update, rejected.getBody().getDetail())));
	}

	@PostMapping("/updates/{id}/delete")
	Mono<Rendering> delete(@PathVariable long id, Authentication user) {
		return this.updates.delete(id, Actor.of(user)).thenReturn(Rendering.view("updates :: gone").build());
	}

	// the page's links carry an empty channel for "all channels"
	private static String channelOrAll(String channel) {
		return StringUtils.hasText(channel) ? channel : null;
	}

	private static Rendering editRejected(Update update, String problem) {
		return Rendering.view("updates :: updateItem")
			.modelAttribute("u", update)
			.modelAttribute("editProblem", problem)
			.status(HttpStatus.UNPROCESSABLE_CONTENT)
			.build();
	}

	// the tab's channel when the viewer may post there, else general, else the first they may:
	// never one the browser picks by its place in the list
	private static String defaultChannel(String channel, List<Channel> postable) {
		List<String> names = postable.stream().map(Channel::name).toList();
		return Stream.of(channel, DEFAULT_CHANNEL)
			.filter(names::contains)
			.findFirst()
			.orElse(names.isEmpty() ? null : names.get(0));
	}

	private List<Channel> postable(List<Channel> channels, Actor actor) {
		return channels.stream().filter(channel -> this.channels.mayPublish(actor, channel)).toList();
	}

}
