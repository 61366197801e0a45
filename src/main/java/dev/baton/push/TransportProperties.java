package dev.baton.push;

import java.time.Duration;

import dev.baton.configuration.PositiveDataSize;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the transports serve a stream. Shares the {@code baton.stream} prefix with the stream's
 * own buffer setting.
 *
 * @param heartbeat how often an idle stream shows it is alive (SSE comment, WebSocket ping); a
 * WebSocket peer that answers nothing for two heartbeats is dropped
 * @param retry the reconnection delay suggested to SSE clients
 * @param maxFrameSize the largest WebSocket frame a client may send
 */
@ConfigurationProperties("baton.stream")
@Validated
public record TransportProperties(@DefaultValue("15s") @DurationMin(seconds = 1) Duration heartbeat,
		@DefaultValue("3s") @DurationMin(millis = 1) Duration retry,
		@DefaultValue("64KB") @PositiveDataSize DataSize maxFrameSize) {
}
