package dev.baton.publishing;

import dev.baton.configuration.PositiveDataSize;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Publishing events on module channels.
 *
 * @param maxPayload the largest {@code data} of an event, as JSON text, through HTTP, the
 * WebSocket and SQL alike; written to the database at start-up for {@code baton.publish}
 */
@ConfigurationProperties("baton.publish")
@Validated
public record PublishProperties(@DefaultValue("64KB") @PositiveDataSize DataSize maxPayload) {
}
