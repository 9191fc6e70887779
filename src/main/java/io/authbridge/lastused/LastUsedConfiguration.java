package io.authbridge.lastused;

import java.time.Clock;

import io.authbridge.store.StoreProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** Last-used times of tokens, noted per request and written behind in batches. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "authbridge.last-used.enabled", matchIfMissing = true)
class LastUsedConfiguration {

    @Bean
    LastUsedBuffer lastUsedBuffer(DatabaseClient db, LastUsedProperties properties, StoreProperties store,
            MeterRegistry meters) {
        return new LastUsedBuffer(db, properties.batchSize(), store.timeout(), meters);
    }

    @Bean
    LastUsedGlobalFilter lastUsedGlobalFilter(LastUsedBuffer buffer) {
        return new LastUsedGlobalFilter(buffer, Clock.systemUTC());
    }

    @Bean
    LastUsedFlusher lastUsedFlusher(LastUsedBuffer buffer, LastUsedProperties properties) {
        return new LastUsedFlusher(buffer, properties.flushInterval());
    }
}
