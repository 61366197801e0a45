package dev.baton.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.validation.annotation.Validated;

/**
 * Who may read the metrics.
 *
 * @param open whether {@code /actuator/prometheus} answers without sign-in (property
 * {@code baton.metrics.public}), for a scraper on a network that only operators reach; admins only
 * otherwise
 */
@ConfigurationProperties("baton.metrics")
@Validated
public record MetricsProperties(@Name("public") @DefaultValue("false") boolean open) {
}
