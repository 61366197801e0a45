package dev.baton.users;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Size;

/**
 * A password bcrypt can hash: 12 to 72 characters, and at most 72 bytes in UTF-8, because bcrypt
 * reads no more (a letter outside ASCII takes two to four). {@code null} is left to
 * {@code @NotNull}.
 */
@Documented
@Size(min = 12, max = BcryptPassword.MAX_BYTES)
@ReportAsSingleViolation
@Constraint(validatedBy = BcryptPassword.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface BcryptPassword {

	/** The most bytes of a password bcrypt reads. */
	int MAX_BYTES = 72;

	String message() default "must be 12 to 72 characters long, and at most 72 bytes in UTF-8";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks the bytes of {@link BcryptPassword}; its {@code @Size} checks the characters. */
	class Validator implements ConstraintValidator<BcryptPassword, String> {

		@Override
		public boolean isValid(String password, ConstraintValidatorContext context) {
			return password == null || password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
		}

	}

}
