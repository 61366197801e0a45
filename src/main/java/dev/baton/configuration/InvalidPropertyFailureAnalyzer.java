package dev.baton.configuration;

import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Explains a {@code baton.*} value that failed validation with the property's name as it is
 * written in configuration ({@code baton.stream.subscriber-buffer}, not the record component's
 * {@code subscriberBuffer}) and the value as given ({@code 500ms}, not {@code PT0.5S}), so an
 * operator can find it in a file or an environment variable.
 */
class InvalidPropertyFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		ValidationErrors errors = cause.getValidationErrors();
		String description = errors.getAllErrors()
			.stream()
			.map(error -> describe(errors, error))
			.collect(Collectors.joining("\n", "Invalid configuration of " + errors.getName() + ":\n\n", ""));
		return new FailureAnalysis(description,
				"Change each property named above; the README's Configuration section says what it accepts.", cause);
	}

	private static String describe(ValidationErrors errors, ObjectError error) {
		String name = errors.getName() + ((error instanceof FieldError field) ? "." + kebab(field.getField()) : "");
		Object value = errors.getBoundProperties()
			.stream()
			.filter(property -> property.getName().toString().equals(name))
			.findFirst()
			.map(ConfigurationProperty::getValue)
			.orElse((error instanceof FieldError field) ? field.getRejectedValue() : null);
		return "    Property: %s%n    Value: \"%s\"%n    Reason: %s%n".formatted(name, value, error.getDefaultMessage());
	}

	// allowedOrigins[0] -> allowed-origins[0]
	private static String kebab(String field) {
		return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	// before Boot's own analyzer of the same failure, which names record components in camel case
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
