package dev.baton.security;

import java.time.Clock;

import dev.baton.problems.Problem;
import dev.baton.problems.ProblemWriter;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authorization.AuthorityReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint.DelegateEntry;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionIdResolver;
import org.springframework.web.server.session.WebSessionManager;

/**
 * Everything but the login page, static assets and health needs a user. Browsers sign in with a
 * form and a session cookie; API and stream clients with HTTP Basic. API and stream requests
 * are answered 401/403 as problem details, pages are redirected to the login form.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	private static final String[] PUBLIC = { "/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico",
			"/actuator/health", "/actuator/health/**" };

	private static final AuthorityReactiveAuthorizationManager<AuthorizationContext> ADMIN = AuthorityReactiveAuthorizationManager
		.hasRole("ADMIN");

	// Every stream handshake passes the filter chain: an observation around each filter, each
	// authentication and each authorization costs more than it tells (a profile of 5,000
	// handshakes found the authorization observations alone at 5 % of their CPU). Refusals are
	// counted by baton.refused.
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return new BCryptPasswordEncoder();
	}

	@Bean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
	WebSessionManager webSessionManager(WebSessionIdResolver sessionIds, SharedWebSessions sessions) {
		DefaultWebSessionManager manager = new DefaultWebSessionManager();
		manager.setSessionIdResolver(sessionIds);
		manager.setSessionStore(sessions);
		return manager;
	}

	@Bean
	RememberingAuthenticationManager authenticationManager(ReactiveUserDetailsService users,
			PasswordEncoder passwordEncoder, SecurityProperties properties) {
		UserDetailsRepositoryReactiveAuthenticationManager bcrypt = new UserDetailsRepositoryReactiveAuthenticationManager(
				users);
		bcrypt.setPasswordEncoder(passwordEncoder);
		return new RememberingAuthenticationManager(bcrypt, properties.credentialCacheTtl(), Clock.systemUTC());
	}

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ProblemWriter problems,
			MetricsProperties metrics) {
		ServerAuthenticationEntryPoint unauthorized = unauthorized(problems);
		return http
			.authorizeExchange(exchanges -> exchanges.pathMatchers(PUBLIC)
				.permitAll()
				.pathMatchers("/actuator/prometheus")
				.access((authentication, context) -> metrics.open() ? Mono.just(new AuthorizationDecision(true))
						: ADMIN.authorize(authentication, context))
				.pathMatchers("/api/users/**", "/actuator/**", "/admin", "/admin/**")
				.hasRole("ADMIN")
				.pathMatchers(HttpMethod.POST, "/api/channels")
				.hasRole("ADMIN")
				.anyExchange()
				.authenticated())
			.httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
			.formLogin(form -> form.loginPage("/login"))
			.exceptionHandling(handling -> handling.authenticationEntryPoint(entryPoint(unauthorized))
				.accessDeniedHandler(forbidden(problems, "You are not allowed to do this")))
			.csrf(csrf -> csrf.requireCsrfProtectionMatcher(SecurityConfiguration::needsCsrfProtection)
				.accessDeniedHandler(forbidden(problems, "Missing or invalid CSRF token: send the page's token "
						+ "as the _csrf field or the X-CSRF-TOKEN header")))
			.build();
	}

	private static ServerAuthenticationEntryPoint entryPoint(ServerAuthenticationEntryPoint unauthorized) {
		// the API documents are read by tools, which answer a 401 with Basic credentials
		ServerWebExchangeMatcher api = ServerWebExchangeMatchers.pathMatchers("/api/**", "/ws/**", "/actuator/**",
				"/v3/api-docs/**", "/v3/api-docs", "/asyncapi.yaml");
		DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
				new DelegateEntry(api, unauthorized));
		entryPoint.setDefaultEntryPoint(new RedirectServerAuthenticationEntryPoint("/login"));
		return entryPoint;
	}

	private static ServerAuthenticationEntryPoint unauthorized(ProblemWriter problems) {
		return (exchange, ex) -> {
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Baton\"");
			return problems.write(exchange, new Problem(HttpStatus.UNAUTHORIZED,
					(ex instanceof BadCredentialsException) ? "Invalid username or password"
							: "Sign in, or send HTTP Basic credentials"));
		};
	}

	private static ServerAccessDeniedHandler forbidden(ProblemWriter problems, String detail) {
		return (exchange, denied) -> problems.write(exchange, new Problem(HttpStatus.FORBIDDEN, detail));
	}

	/**
	 * Forms and htmx requests carry the session cookie and need a CSRF token. API requests with
	 * no session cookie or with their own Basic credentials do not: there is no ambient
	 * credential to abuse, and a browser never adds Basic credentials to a cross-site request
	 * this JSON API would accept (those need a CORS preflight, which is refused). Without this,
	 * an API call lacking credentials would get 403 instead of 401.
	 */
	private static Mono<MatchResult> needsCsrfProtection(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
		boolean cookieless = request.getPath().value().startsWith("/api/") && request.getCookies().isEmpty();
		return (basic || cookieless) ? MatchResult.notMatch() : CsrfWebFilter.DEFAULT_CSRF_MATCHER.matches(exchange);
	}

}
