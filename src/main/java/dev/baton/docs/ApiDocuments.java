package dev.baton.docs;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.ExternalDocumentation;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.boot.webflux.autoconfigure.ResourceHandlerRegistrationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;

/**
 * What springdoc cannot find in the controllers: the title, HTTP Basic as the way to sign in, and
 * where the streams are described; and the content type of that AsyncAPI document.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocuments {

	@Bean
	OpenAPI batonOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Baton REST API")
				.version("0.1.0")
				.description("Updates, channels and users. Errors are RFC 9457 problem details. Every change "
						+ "is pushed as an updates_changed event; the streams are described in AsyncAPI."))
			.externalDocs(new ExternalDocumentation().description("The streams (WebSocket and SSE), in AsyncAPI 3")
				.url("/asyncapi.yaml"))
			.components(new Components().addSecuritySchemes("basic",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
			.addSecurityItem(new SecurityRequirement().addList("basic"));
	}

	/**
	 * {@code /asyncapi.yaml} is a static resource, and Spring's table of media types has no
	 * {@code .yaml}: without this it is served as {@code application/octet-stream}, which
	 * browsers download instead of showing.
	 */
	@Bean
	ResourceHandlerRegistrationCustomizer yamlResources() {
		return registration -> registration
			.setMediaTypes(Map.of("yaml", new MediaType("application", "yaml", StandardCharsets.UTF_8)));
	}

}
