package io.authbridge.directory;

import io.authbridge.store.StoreProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

@Configuration(proxyBeanMethods = false)
class DirectoryConfiguration {

    @Bean
    DirectoryStore directoryStore(DatabaseClient databaseClient, StoreProperties storeProperties) {
        return new DirectoryStore(databaseClient, storeProperties.timeout());
    }
}
