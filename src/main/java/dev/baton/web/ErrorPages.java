package dev.baton.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.baton.problems.Problem;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Publisher;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.ISpringWebFluxTemplateEngine;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * A person's browser that meets an error gets a page: the status, a plain message and a link
 * back to the feed. Everyone else keeps the {@code application/problem+json} answers: API
 * paths, and every request whose {@code Accept} header does not name {@code text/html} (a bare
 * {@code *}{@code /*}, as scripts and htmx send, names no page). Browsers name it when they
 * navigate.
 * <p>
 * The problem answers are written by the problems package and the security filters, and a
 * controller advice cannot decline a request it was chosen for: so this filter, ahead of the
 * others, turns a problem written for such a request into the page, and answers a failure
 * nothing answered (a bug) with the page's 500 instead of Spring Boot's.
 */
@Component
class ErrorPages implements WebFilter, Ordered {

	private static final Log logger = LogFactory.getLog(ErrorPages.class);

	private static final List<String> NOT_PAGES = List.of("/api/", "/ws/", "/actuator/", "/v3/api-docs");

	private final ISpringWebFluxTemplateEngine templates;

	private final JsonMapper json;

	ErrorPages(ISpringWebFluxTemplateEngine templates, JsonMapper json) {
		this.templates = templates;
		this.json = json;
	}

	// ahead of Spring Security (-100), whose refusals are problems too
	@Override
	public int getOrder() {
		return -200;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!wantsPage(exchange.getRequest())) {
			return chain.filter(exchange);
		}
		ServerHttpResponse response = exchange.getResponse();
		return chain.filter(exchange.mutate().response(new ProblemAsPage(response)).build())
			.onErrorResume(failure -> !response.isCommitted(), failure -> write(response, unanswered(exchange, failure)));
	}

	static boolean wantsPage(ServerHttpRequest request) {
		String path = request.getPath().value();
		return NOT_PAGES.stream().noneMatch(path::startsWith) && request.getHeaders()
			.getAccept()
			.stream()
			.anyMatch(type -> !type.isWildcardType() && MediaType.TEXT_HTML.isCompatibleWith(type));
	}

	private static Page unanswered(ServerWebExchange exchange, Throwable failure) {
		Page page = Page.of(failure);
		if (page.status().is5xxServerError()) {
			logger.error("Failed to serve " + exchange.getRequest().getPath(), failure);
		}
		return page;
	}

	private Mono<Void> write(ServerHttpResponse response, Page page) {
		byte[] html = render(page);
		response.setStatusCode(page.status());
		response.getHeaders().setContentType(FeedFragments.HTML);
		response.getHeaders().setContentLength(html.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(html)));
	}

	// CPU only, as the feed fragment is
	byte[] render(Page page) {
		Context context = new Context();
		context.setVariable("status", page.status().value());
		context.setVariable("error", page.title());
		context.setVariable("message", page.message());
		return this.templates.process("error", context).getBytes(StandardCharsets.UTF_8);
	}

	// the problem's body, read whole (it is small and ours), becomes the page
	private final class ProblemAsPage extends ServerHttpResponseDecorator {

		ProblemAsPage(ServerHttpResponse response) {
			super(response);
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			MediaType type = getHeaders().getContentType();
			if (type == null || !MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(type)) {
				return super.writeWith(body);
			}
			return DataBufferUtils.join(body).flatMap(buffer -> {
				JsonNode problem;
				try {
					problem = ErrorPages.this.json.readTree(buffer.toString(StandardCharsets.UTF_8));
				}
				finally {
					DataBufferUtils.release(buffer);
				}
				return write(getDelegate(), Page.of(getStatusCode(), problem.path("detail").asString(null)));
			});
		}

	}

	/**
	 * What the error page says.
	 *
	 * @param status the response's status
	 * @param title a short heading
	 * @param message one or two plain sentences: a refusal's own detail, written for people, but
	 * never the text of a failure
	 */
	record Page(HttpStatusCode status, String title, String message) {

		private static final String OUR_SIDE = "Something went wrong on our side. Try again in a moment.";

		private static final Map<Integer, String> TITLES = Map.of(401, "Sign in first", 403, "Not for you", 404,
				"Page not found", 429, "Slow down", 503, "Baton is unavailable");

		/** The page for a failure nothing answered: a refusal's, else 500. */
		static Page of(Throwable failure) {
			return Problem.of(failure)
				.map(refusal -> of(refusal.getStatusCode(), refusal.getBody().getDetail()))
				.orElseGet(() -> of(HttpStatus.INTERNAL_SERVER_ERROR, null));
		}

		/** The page for a problem with {@code status} and {@code detail}. */
		static Page of(HttpStatusCode status, String detail) {
			if (status == null || status.is5xxServerError() && status.value() != 503) {
				return new Page((status != null) ? status : HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
						OUR_SIDE);
			}
			String title = TITLES.getOrDefault(status.value(), "That did not work");
			if (status.value() == 404) {
				return new Page(status, title, "There is no page at this address.");
			}
			String message = (detail != null && !detail.isBlank()) ? detail : title;
			return new Page(status, title, message.endsWith(".") ? message : message + ".");
		}

	}

}
