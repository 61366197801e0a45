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
		boolean allowed = (origin == null) || (this.allowedOrigins.isEmpty() ? !CorsUtils.isCorsRequest(request)
				: this.allowedOrigins.contains(origin));
		if (!allowed) {
			throw new Problem(HttpStatus.FORBIDDEN, "Origin '%s' may not open this WebSocket".formatted(origin));
		}
	}

}
