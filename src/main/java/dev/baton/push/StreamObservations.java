package dev.baton.push;

import io.micrometer.observation.ObservationPredicate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Streams are not observed as HTTP requests: a request that lasts for hours says nothing as a
 * latency, and each would hold an observation and an active-request timer for its lifetime.
 */
@Configuration(proxyBeanMethods = false)
class StreamObservations {

	@Bean
	ObservationPredicate streamsAreNotHttpRequests() {
		return (name, context) -> !(context instanceof ServerRequestObservationContext request
				&& isStream(request.getCarrier().getPath().value()));
	}

	private static boolean isStream(String path) {
		return path.equals("/ws/updates") || path.equals("/api/updates/stream");
	}

}
