package dev.baton.admin;

import reactor.core.publisher.Flux;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** The operator's page (admins only) and the SSE stream of figures it updates itself from. */
@Controller
class AdminController {

	private final LiveFigures figures;

	AdminController(LiveFigures figures) {
		this.figures = figures;
	}

	@GetMapping("/admin")
	String page() {
		return "admin";
	}

	/** One {@code figures} event a second; ends when the instance shuts down, and the page reconnects. */
	@GetMapping(path = "/admin/figures", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@ResponseBody
	Flux<ServerSentEvent<Figures>> figures() {
		return this.figures.figures().map(figures -> ServerSentEvent.builder(figures).event("figures").build());
	}

}
