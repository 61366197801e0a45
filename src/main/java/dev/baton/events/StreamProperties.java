package dev.baton.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How subscribers are served.
 *
 * @param heartbeat how often an idle stream shows it is alive (SSE comment, WebSocket ping); a
 * WebSocket peer that answers nothing for two heartbeats is dropped
 * @param subscriberBuffer how many live events may wait for one slow subscriber before it is
 * sent {@code resync} and disconnected
 * @param retry the reconnection delay suggested to SSE clients
 * @param maxFrameSize the largest WebSocket frame a client may send
 */
@ConfigurationProperties("baton.stream")
public record StreamProperties(@DefaultValue("15s") Duration heartbeat, @DefaultValue("256") int subscriberBuffer,
		@DefaultValue("3s") Duration retry, @DefaultValue("64KB") DataSize maxFrameSize) {
}
