package dev.baton.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import dev.baton.problems.Problem;
import dev.baton.problems.ProblemWriter;
import dev.baton.tokens.ServiceTokens;
import dev.baton.updates.Actor;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authorization.AuthorityReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
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
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.logout.WebSessionServerLogoutHandler;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.savedrequest.CookieServerRequestCache;
import org.springframework.security.web.server.savedrequest.ServerRequestCache;
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

	// scripts and styles from this origin only (the page's per-viewer rule is an inline style),
	// no framing, forms and sockets to this origin
	private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
			+ "base-uri 'self'; form-action 'self'; object-src 'none'";

	private static final String THROTTLED_PAGE = """
			<!DOCTYPE html>
			<html lang="en"><head><meta charset="utf-8"><title>Too many sign-ins · Baton</title>
			<link rel="stylesheet" href="/css/baton.css"></head>
			<body class="login"><main><h1>Baton</h1>
			<p class="notice" role="alert">Too many failed sign-ins. Try again in %d seconds.</p>
			<p><a href="/login">Back to sign-in</a></p></main></body></html>
			""";

	private static final String BEARER = "Bearer ";

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

	// bcrypt is slow by design: a burst of sign-ins gets half the cores at most, and a bounded queue
	@Bean(destroyMethod = "dispose")
	Scheduler passwordChecks() {
		return Schedulers.newBoundedElastic(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), 256,
				"password-check");
	}

	@Bean
	SignInThrottle signInThrottle(ReactiveUserDetailsService users, PasswordEncoder passwordEncoder,
			Scheduler passwordChecks, DatabaseClient db, SecurityProperties properties) {
		return new SignInThrottle(new PasswordCheck(users, passwordEncoder, passwordChecks), db, properties.signIn());
	}

	// the throttle is asked only when no remembered sign-in matches
	@Bean
	RememberingAuthenticationManager authenticationManager(SignInThrottle throttle, SecurityProperties properties) {
		return new RememberingAuthenticationManager(throttle, properties.credentialCacheTtl(), Clock.systemUTC());
	}

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ProblemWriter problems,
			MetricsProperties metrics, Revocations revocations, ServiceTokens tokens) {
		ServerAuthenticationEntryPoint unauthorized = unauthorized(problems);
		CookieServerRequestCache requestCache = new CookieServerRequestCache();
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
				.pathMatchers("/api/channels/*/permissions", "/api/tokens", "/api/tokens/**")
				.hasRole("ADMIN")
				// what a service token may do: publish events and read streams
				.pathMatchers(HttpMethod.POST, "/api/channels/*/events")
				.authenticated()
				.pathMatchers(HttpMethod.GET, "/api/updates/stream", "/ws/updates")
				.authenticated()
				.anyExchange()
				.access(SecurityConfiguration::signedInPerson))
			.httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
			.addFilterAt(bearerTokens(tokens, problems), SecurityWebFiltersOrder.HTTP_BASIC)
			.formLogin(form -> form.loginPage("/login").authenticationFailureHandler(formLoginFailure()))
			// first, while the session has the id its streams know (removing the security context
			// rotates it), then the session is deleted, not just emptied
			.logout(logout -> logout.logoutHandler(handlers -> {
				handlers.add(0, (exchange, authentication) -> exchange.getExchange()
					.getSession()
					.doOnNext(session -> revocations.signedOut(session.getId()))
					.then());
				handlers.add(new WebSessionServerLogoutHandler());
			}))
			// anonymous pages store nothing: the CSRF token and the page to return to after
			// sign-in live in cookies, not in a session row
			.requestCache(cache -> cache.requestCache(requestCache))
			.exceptionHandling(handling -> handling.authenticationEntryPoint(entryPoint(unauthorized, requestCache))
				.accessDeniedHandler(forbidden(problems, "You are not allowed to do this")))
			.csrf(csrf -> csrf.csrfTokenRepository(csrfTokens())
				.requireCsrfProtectionMatcher(SecurityConfiguration::needsCsrfProtection)
				.accessDeniedHandler(forbidden(problems, "Missing or invalid CSRF token: send the page's token "
						+ "as the _csrf field or the X-CSRF-TOKEN header")))
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
			.build();
	}

	// a person signed in by form or Basic credentials, not a service token
	private static Mono<AuthorizationResult> signedInPerson(Mono<Authentication> authentication,
			AuthorizationContext context) {
		return authentication.filter(Authentication::isAuthenticated)
			.filter(user -> !(user instanceof AnonymousAuthenticationToken))
			.<AuthorizationResult>map(user -> new AuthorizationDecision(
					user.getAuthorities().stream().noneMatch(authority -> Actor.TOKEN.equals(authority.getAuthority()))))
			.defaultIfEmpty(new AuthorizationDecision(false));
	}

	// Authorization: Bearer <service token>; without it the request goes on to the other ways to
	// sign in. No session: the token is sent with every request.
	private static AuthenticationWebFilter bearerTokens(ServiceTokens tokens, ProblemWriter problems) {
		ReactiveAuthenticationManager manager = presented -> tokens.authenticate((String) presented.getCredentials())
			.switchIfEmpty(Mono.error(() -> new BadCredentialsException("Invalid or revoked service token")));
		AuthenticationWebFilter filter = new AuthenticationWebFilter(manager);
		filter.setServerAuthenticationConverter(exchange -> Mono
			.justOrEmpty(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
			.filter(SecurityConfiguration::isBearer)
			.map(header -> UsernamePasswordAuthenticationToken.unauthenticated(null, header.substring(BEARER.length()).strip())));
		filter.setAuthenticationFailureHandler((filterExchange, ex) -> {
			ServerWebExchange exchange = filterExchange.getExchange();
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"Baton\"");
			return problems.write(exchange, new Problem(HttpStatus.UNAUTHORIZED, ex.getMessage()));
		});
		return filter;
	}

	static boolean isBearer(String authorization) {
		return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
	}

	// the page sends its token as X-CSRF-TOKEN or _csrf; the cookie is for the server alone
	private static CookieServerCsrfTokenRepository csrfTokens() {
		CookieServerCsrfTokenRepository tokens = new CookieServerCsrfTokenRepository();
		tokens.setHeaderName("X-CSRF-TOKEN");
		tokens.setCookieCustomizer(cookie -> cookie.sameSite("Lax"));
		return tokens;
	}

	private static ServerAuthenticationEntryPoint entryPoint(ServerAuthenticationEntryPoint unauthorized,
			ServerRequestCache requestCache) {
		// the API documents are read by tools, which answer a 401 with Basic credentials
		ServerWebExchangeMatcher api = ServerWebExchangeMatchers.pathMatchers("/api/**", "/ws/**", "/actuator/**",
				"/v3/api-docs/**", "/v3/api-docs", "/asyncapi.yaml");
		DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
				new DelegateEntry(api, unauthorized));
		// the page asked for is remembered in the same cookie the sign-in reads, not in a session
		RedirectServerAuthenticationEntryPoint signIn = new RedirectServerAuthenticationEntryPoint("/login");
		signIn.setRequestCache(requestCache);
		entryPoint.setDefaultEntryPoint(signIn);
		return entryPoint;
	}

	private static ServerAuthenticationEntryPoint unauthorized(ProblemWriter problems) {
		return (exchange, ex) -> {
			if (ex instanceof SignInThrottledException throttled) {
				exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
				return problems.write(exchange, new Problem(HttpStatus.TOO_MANY_REQUESTS, throttled.getMessage()));
			}
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Baton\"");
			return problems.write(exchange, new Problem(HttpStatus.UNAUTHORIZED,
					(ex instanceof BadCredentialsException) ? "Invalid username or password"
							: "Sign in, or send HTTP Basic credentials"));
		};
	}

	// a throttled sign-in gets 429 and a page saying when to try again; any other failure goes
	// back to the form, which says the username or password was wrong
	private static ServerAuthenticationFailureHandler formLoginFailure() {
		ServerAuthenticationFailureHandler wrong = new RedirectServerAuthenticationFailureHandler("/login?error");
		return (filterExchange, ex) -> {
			if (!(ex instanceof SignInThrottledException throttled)) {
				return wrong.onAuthenticationFailure(filterExchange, ex);
			}
			ServerHttpResponse response = filterExchange.getExchange().getResponse();
			response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
			response.getHeaders().setContentType(MediaType.TEXT_HTML);
			byte[] page = THROTTLED_PAGE.formatted(throttled.retryAfterSeconds()).getBytes(StandardCharsets.UTF_8);
			return response.writeWith(Mono.just(response.bufferFactory().wrap(page)));
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
	 * an API call lacking credentials would get 403 instead of 401. The pages' own form
	 * endpoints ({@code /updates}, {@code /login}, {@code /logout}) always need the token: a
	 * browser that cached Basic credentials from a prompt sends them with any cross-site form.
	 */
	private static Mono<MatchResult> needsCsrfProtection(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		if (!request.getPath().value().startsWith("/api/")) {
			return CsrfWebFilter.DEFAULT_CSRF_MATCHER.matches(exchange);
		}
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
		return (basic || isBearer(authorization) || request.getCookies().isEmpty()) ? MatchResult.notMatch()
				: CsrfWebFilter.DEFAULT_CSRF_MATCHER.matches(exchange);
	}

}
