package io.authbridge.store;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How AuthBridge talks to its store, beyond Spring's {@code spring.r2dbc.*} connection settings.
 *
 * @param timeout how long one store query may take before the store counts as unavailable (503)
 * @param jdbcUrl the JDBC URL Flyway migrates; derived from {@code spring.r2dbc.url} when empty
 */
@ConfigurationProperties("authbridge.store")
public record StoreProperties(@DefaultValue("2s") Duration timeout, String jdbcUrl) {
}
