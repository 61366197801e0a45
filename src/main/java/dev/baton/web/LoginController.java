package dev.baton.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page; Spring Security handles the form post. */
@Controller
class LoginController {

	/**
	 * The form, with the one message that applies: Spring Security sends a failed sign-in to
	 * {@code /login?error} and a sign-out to {@code /login?logout}, both without a value.
	 */
	@GetMapping("/login")
	String login(@RequestParam MultiValueMap<String, String> query, Model model) {
		model.addAttribute("message", query.containsKey("error") ? "error" : query.containsKey("logout") ? "logout" : null);
		return "login";
	}

}
