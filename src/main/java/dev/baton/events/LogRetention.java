package dev.baton.events;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Prunes the event log to {@code baton.events.retention} every
 * {@code baton.events.prune-interval}. Every instance runs it; deleting what another instance
 * already deleted is harmless.
 */
@Component
class LogRetention extends BackgroundWork {

	private static final Logger logger = LoggerFactory.getLogger(LogRetention.class);

	private final EventLog log;

	private final RetentionProperties properties;

	private final Clock clock;

	LogRetention(EventLog log, RetentionProperties properties) {
		this.log = log;
		this.properties = properties;
		this.clock = Clock.systemUTC();
	}

	@Override
	protected Flux<Long> work() {
		return Flux.interval(this.properties.pruneInterval(), this.properties.pruneInterval())
			.onBackpressureDrop()
			.concatMap(tick -> prune(), 1);
	}

	Mono<Long> prune() {
		return this.log.prune(this.clock.instant().minus(this.properties.retention()), this.properties.pruneBatch())
			.doOnNext(deleted -> {
				if (deleted > 0) {
					logger.info("Pruned {} events older than {} from the event log", deleted, this.properties.retention());
				}
			})
			.onErrorResume(ex -> {
				logger.warn("Pruning the event log failed, will retry: {}", ex.toString());
				return Mono.empty();
			});
	}

}
