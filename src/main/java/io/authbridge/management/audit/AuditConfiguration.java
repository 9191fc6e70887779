package io.authbridge.management.audit;

import java.time.Clock;

import io.authbridge.store.StoreProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    AuditLog auditLog(DatabaseClient databaseClient, StoreProperties storeProperties) {
        return new AuditLog(databaseClient, storeProperties.timeout(), Clock.systemUTC());
    }
}
