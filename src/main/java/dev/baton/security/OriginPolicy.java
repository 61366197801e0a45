package dev.baton.security;

import java.util.List;

import dev.baton.problems.Problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.reactive.CorsUtils;

/**
 * Refuses WebSocket handshakes from pages of other origins (cross-site WebSocket hijacking:
 * browsers send the session cookie with them). Clients that send no {@code Origin} are not
 * browsers and are let through to authentication.
 */
@Component
public class OriginPolicy {

	private final List<String> allowedOrigins;

	OriginPolicy(SecurityProperties properties) {
		this.allowedOrigins = properties.allowedOrigins();
	}

	/** Throws 403 unless the request comes from an allowed origin. */
	public void check(ServerHttpRequest request) {
		String origin = request.getHeaders().getOrigin();
		if (origin != null && !allowed(origin, request)) {
			throw new Problem(HttpStatus.FORBIDDEN, "Origin '%s' may not open this WebSocket".formatted(origin));
		}
	}

	private boolean allowed(String origin, ServerHttpRequest request) {
		if (!this.allowedOrigins.isEmpty()) {
			return this.allowedOrigins.contains(origin);
		}
		try {
			return !CorsUtils.isCorsRequest(request);
		}
		// an Origin that is no URI (a port followed by more host) is not the service's own origin
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
