package dev.baton.updates;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Text a person writes and PostgreSQL stores in a text column: titles, bodies, descriptions,
 * keys. It holds no control character but tab, line feed and carriage return (PostgreSQL refuses
 * NUL, the others garble pages and logs), and no unpaired UTF-16 surrogate (it cannot be encoded
 * as UTF-8, so it would be stored as something else than what was sent). Unless {@link #blank()},
 * it is not blank either: it has a character that is neither whitespace nor invisible, where
 * no-break and other Unicode spaces count as whitespace. {@code null} is left to {@code @NotNull}.
 * <p>
 * REST requests and WebSocket commands are checked by this one rule, through the request records
 * that carry it.
 */
@Documented
@Constraint(validatedBy = Text.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface Text {

	/** The message when the text is blank; other faults have their own. */
	String message() default Validator.BLANK;

	/** Whether the text may be empty or only whitespace. */
	boolean blank() default false;

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks {@link Text}. */
	class Validator implements ConstraintValidator<Text, String> {

		static final String BLANK = "must not be blank";

		static final String CONTROL = "must not contain control characters other than tab, line feed and carriage return";

		static final String SURROGATE = "must not contain an unpaired UTF-16 surrogate";

		private boolean blankAllowed;

		@Override
		public void initialize(Text text) {
			this.blankAllowed = text.blank();
		}

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			Optional<String> fault = fault(value, this.blankAllowed);
			fault.filter(message -> !message.equals(BLANK)).ifPresent(message -> {
				context.disableDefaultConstraintViolation();
				context.buildConstraintViolationWithTemplate(message).addConstraintViolation();
			});
			return fault.isEmpty();
		}

		/** What is wrong with {@code value} as text, if anything; {@code null} is fine. */
		public static Optional<String> fault(String value, boolean blankAllowed) {
			if (value == null) {
				return Optional.empty();
			}
			// a pair reads as one code point above U+FFFF, so only unpaired surrogates are left here
			if (value.codePoints().anyMatch(codePoint -> Character.getType(codePoint) == Character.SURROGATE)) {
				return Optional.of(SURROGATE);
			}
			if (value.codePoints().anyMatch(Validator::isControl)) {
				return Optional.of(CONTROL);
			}
			return (blankAllowed || !value.codePoints().allMatch(Validator::isBlank)) ? Optional.empty()
					: Optional.of(BLANK);
		}

		private static boolean isControl(int codePoint) {
			return Character.getType(codePoint) == Character.CONTROL && codePoint != '\t' && codePoint != '\n'
					&& codePoint != '\r';
		}

		// Character.isWhitespace leaves out the no-break spaces; isSpaceChar has them (Zs, Zl, Zp).
		// Format characters, such as the zero-width space, show nothing either.
		private static boolean isBlank(int codePoint) {
			return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
					|| Character.getType(codePoint) == Character.FORMAT;
		}

	}

}
