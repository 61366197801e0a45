package dev.baton.configuration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.springframework.util.unit.DataSize;

/** A {@link DataSize} of at least one byte; {@code null} is left to {@code @NotNull}. */
@Documented
@Constraint(validatedBy = PositiveDataSize.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface PositiveDataSize {

	String message() default "must be at least 1B";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks {@link PositiveDataSize}. */
	class Validator implements ConstraintValidator<PositiveDataSize, DataSize> {

		@Override
		public boolean isValid(DataSize size, ConstraintValidatorContext context) {
			return size == null || size.toBytes() > 0;
		}

	}

}
