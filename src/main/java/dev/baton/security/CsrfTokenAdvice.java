package dev.baton.security;

import reactor.core.publisher.Mono;

import org.springframework.security.web.reactive.result.view.CsrfRequestDataValueProcessor;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;

/**
 * Resolves the CSRF token for every page, so that forms get their hidden {@code _csrf} field and
 * templates can hand the token to htmx (the reactive token is lazy and would otherwise never be
 * generated).
 */
// only where pages are rendered: every stream handshake would otherwise resolve it for nothing
@ControllerAdvice(basePackages = { "dev.baton.web", "dev.baton.admin" })
class CsrfTokenAdvice {

	@ModelAttribute("_csrf")
	Mono<CsrfToken> csrfToken(ServerWebExchange exchange) {
		Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
		return (token != null) ? token.doOnSuccess(resolved -> exchange.getAttributes()
			.put(CsrfRequestDataValueProcessor.DEFAULT_CSRF_ATTR_NAME, resolved)) : Mono.empty();
	}

}
