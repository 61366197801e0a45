package dev.baton.web;

import dev.baton.problems.Problem;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorPagesTests {

	private static final String BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8";

	private final ErrorPages pages = new ErrorPages(Templates.engine(), JsonMapper.builder().build());

	@Test
	void aFailureNothingAnsweredIsAPlain500PageThatKeepsItsTextToItself() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/").header("Accept", BROWSER));

		this.pages.filter(exchange, chain -> Mono.error(new IllegalStateException("secret table users"))).block();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(exchange.getResponse().getHeaders().getContentType().toString()).startsWith("text/html");
		assertThat(exchange.getResponse().getBodyAsString().block()).contains("Error 500", "Something went wrong",
				"Something went wrong on our side. Try again in a moment.", "href=\"/\"")
			.doesNotContain("secret");
	}

	@Test
	void aRefusalSaysWhatWasRefused() {
		assertThat(ErrorPages.Page.of(new Problem(HttpStatus.BAD_REQUEST, "Unknown channel 'x'")))
			.isEqualTo(new ErrorPages.Page(HttpStatus.BAD_REQUEST, "That did not work", "Unknown channel 'x'."));
		assertThat(ErrorPages.Page.of(HttpStatus.NOT_FOUND, "No static resource nope.").message())
			.isEqualTo("There is no page at this address.");
		assertThat(ErrorPages.Page.of(HttpStatus.BAD_GATEWAY, "upstream said x").message())
			.isEqualTo("Something went wrong on our side. Try again in a moment.");
	}

	@Test
	void onlyRequestsThatNameHtmlGetPages() {
		assertThat(ErrorPages.wantsPage(MockServerHttpRequest.get("/").header("Accept", BROWSER).build())).isTrue();
		assertThat(ErrorPages.wantsPage(MockServerHttpRequest.get("/").header("Accept", "*/*").build())).isFalse();
		assertThat(ErrorPages.wantsPage(MockServerHttpRequest.get("/").build())).isFalse();
		assertThat(ErrorPages.wantsPage(MockServerHttpRequest.get("/api/updates").header("Accept", BROWSER).build()))
			.isFalse();
	}


}
