package io.authbridge.invalidation;

import java.time.Clock;

import io.authbridge.token.TokenCache;
import io.authbridge.token.TokenInvalidation;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.StringUtils;

/**
 * With a PostgreSQL store, token changes reach every instance's cache through {@code LISTEN/NOTIFY}. This
 * replaces the local-only {@link TokenInvalidation} of the token package.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(PostgresStoreCondition.class)
@ConditionalOnBooleanProperty(name = "authbridge.invalidation.enabled", matchIfMissing = true)
class InvalidationConfiguration {

    @Bean
    @Primary
    TokenInvalidation notifyingTokenInvalidation(TokenCache cache, DatabaseClient db, InvalidationProperties properties,
            MeterRegistry meters) {
        return new NotifyingTokenInvalidation(cache, db, properties.channel(), Clock.systemUTC(), meters);
    }

    @Bean
    PostgresNotificationListener postgresNotificationListener(R2dbcProperties r2dbc, TokenCache cache,
            InvalidationProperties properties, MeterRegistry meters) {
        return new PostgresNotificationListener(listenerConnections(r2dbc), cache, properties, Clock.systemUTC(), meters);
    }

    /** Whether this instance hears about changes made on the others. */
    @Bean
    HealthIndicator tokenInvalidationHealthIndicator(PostgresNotificationListener listener) {
        return () -> (listener.isListening() ? Health.up() : Health.down()).withDetail("mechanism", "postgresql-notify")
            .build();
    }

    /** Unpooled connections to the store, for the listener's own long-lived one. */
    static ConnectionFactory listenerConnections(R2dbcProperties r2dbc) {
        String url = r2dbc.getUrl().trim().replaceFirst("^r2dbc:pool:", "r2dbc:");
        ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.parse(url).mutate();
        if (StringUtils.hasText(r2dbc.getUsername())) {
            options.option(ConnectionFactoryOptions.USER, r2dbc.getUsername());
        }
        if (StringUtils.hasText(r2dbc.getPassword())) {
            options.option(ConnectionFactoryOptions.PASSWORD, r2dbc.getPassword());
        }
        return ConnectionFactories.get(options.build());
    }
}
