package dev.baton.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import dev.baton.events.LoggedEvent;
import dev.baton.events.Selection;
import dev.baton.events.UpdatesStream;
import dev.baton.push.OpenStreams;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The figures of this instance, once a second, shared by every open operator's page: one
 * subscription to the stream and one health check per second however many pages are open, and
 * none while no page is.
 */
@Component
class LiveFigures {

	private static final Duration TICK = Duration.ofSeconds(1);

	private final UpdatesStream stream;

	private final OpenStreams open;

	private final ReactiveHealthIndicator db;

	private final HealthIndicator relay;

	private final ApplicationAvailability availability;

	private final Clock clock = Clock.systemUTC();

	private final Flux<Figures> figures;

	LiveFigures(UpdatesStream stream, OpenStreams open, @Qualifier("dbHealthIndicator") ReactiveHealthIndicator db,
			@Qualifier("relayHealthIndicator") HealthIndicator relay, ApplicationAvailability availability) {
		this.stream = stream;
		this.open = open;
		this.db = db;
		this.relay = relay;
		this.availability = availability;
		this.figures = Flux.defer(this::watch).replay(1).refCount();
	}

	/** Figures now and every second after; ends when the instance shuts down. */
	Flux<Figures> figures() {
		return this.figures;
	}

	private Flux<Figures> watch() {
		Activity activity = new Activity(this.clock.instant());
		// a page that falls behind misses events in its count, never more: resubscribe, live only
		Mono<Boolean> stopped = this.stream.subscribe(Selection.everything(), OptionalLong.empty(), UpdatesStream.AS_PUBLISHED)
			.retry()
			.ofType(LoggedEvent.class)
			.doOnNext(event -> activity.record(event, this.clock.instant()))
			.then(Mono.just(true));
		return Flux.interval(Duration.ZERO, TICK)
			.onBackpressureDrop()
			.concatMap(tick -> health().map(components -> figures(activity, components)))
			.takeUntilOther(stopped);
	}

	private Figures figures(Activity activity, Map<String, String> components) {
		Activity.Look look = activity.look(this.clock.instant());
		// the transports' count: the figures' own subscription to the stream is no client's
		return new Figures(this.clock.instant(), this.open.streams(), subscribers(), look.eventsPerSecond(), look.events(),
				look.longestLagMillis(), overall(components), components);
	}

	private Mono<Map<String, String>> health() {
		return this.db.health(false)
			.timeout(TICK)
			.onErrorResume(ex -> Mono.just(Health.down().build()))
			.map(db -> {
				Map<String, String> components = new LinkedHashMap<>();
				components.put("readinessState", this.availability.getReadinessState().name());
				components.put("db", db.getStatus().getCode());
				components.put("relay", this.relay.health().getStatus().getCode());
				return components;
			});
	}

	private static String overall(Map<String, String> components) {
		if (!ReadinessState.ACCEPTING_TRAFFIC.name().equals(components.get("readinessState"))) {
			return "OUT_OF_SERVICE";
		}
		boolean up = components.entrySet()
			.stream()
			.filter(component -> !component.getKey().equals("readinessState"))
			.allMatch(component -> Status.UP.getCode().equals(component.getValue()));
		return up ? Status.UP.getCode() : Status.DOWN.getCode();
	}

	private List<Figures.Subscribers> subscribers() {
		return this.open.subscribers()
			.stream()
			.map(count -> new Figures.Subscribers(count.transport(), count.channel(), count.open()))
			.sorted(Comparator.comparing(Figures.Subscribers::transport).thenComparing(Figures.Subscribers::channel))
			.toList();
	}

}
