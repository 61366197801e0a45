package dev.baton.database;

import io.r2dbc.spi.ConnectionFactory;

import org.springframework.boot.r2dbc.health.ConnectionFactoryHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code db} health component: a validation query through the pool. Boot names its own
 * R2DBC component {@code r2dbc} (switched off in {@code application.yml}); operators and probes
 * look for {@code db}.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseHealth {

	@Bean
	ConnectionFactoryHealthIndicator dbHealthIndicator(ConnectionFactory connectionFactory) {
		return new ConnectionFactoryHealthIndicator(connectionFactory);
	}

}
