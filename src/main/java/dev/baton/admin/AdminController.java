package dev.baton.admin;

import dev.baton.tokens.ServiceTokens;
import dev.baton.updates.Channels;
import reactor.core.publisher.Flux;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.reactive.result.view.Rendering;

/**
 * The operator's page (admins only), with the channels and service tokens as they stand, and
 * the SSE stream of figures it updates itself from.
 */
@Controller
class AdminController {

	private final LiveFigures figures;

	private final Channels channels;

	private final ServiceTokens tokens;

	AdminController(LiveFigures figures, Channels channels, ServiceTokens tokens) {
		this.figures = figures;
		this.channels = channels;
		this.tokens = tokens;
	}

	// WebFlux resolves both lists, side by side, before the view renders
	@GetMapping("/admin")
	Rendering page() {
		return Rendering.view("admin")
			.modelAttribute("channels",
					this.channels.all()
						.concatMap(channel -> this.channels.permissions(channel.name())
							.map(permissions -> ChannelRow.of(channel, permissions)))
						.collectList())
			.modelAttribute("tokens", this.tokens.all().map(TokenRow::of).collectList())
			.build();
	}

	/** One {@code figures} event a second; ends when the instance shuts down, and the page reconnects. */
	@GetMapping(path = "/admin/figures", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@ResponseBody
	Flux<ServerSentEvent<Figures>> figures() {
		return this.figures.figures().map(figures -> ServerSentEvent.builder(figures).event("figures").build());
	}

}
