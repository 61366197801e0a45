package dev.baton.web;

import org.thymeleaf.spring6.SpringWebFluxTemplateEngine;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/** The application's Thymeleaf templates, for unit tests that render them without a context. */
final class Templates {

	private Templates() {
	}

	static SpringWebFluxTemplateEngine engine() {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/");
		resolver.setSuffix(".html");
		SpringWebFluxTemplateEngine engine = new SpringWebFluxTemplateEngine();
		engine.setTemplateResolver(resolver);
		return engine;
	}

}
