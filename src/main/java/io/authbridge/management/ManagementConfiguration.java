package io.authbridge.management;

import java.time.Clock;

import io.authbridge.authentication.Authenticator;
import io.authbridge.credential.CredentialParser;
import io.authbridge.directory.DirectoryStore;
import io.authbridge.store.StoreProperties;
import io.authbridge.token.TokenService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/** The service layer under both management dialects and what their handlers share. */
@Configuration(proxyBeanMethods = false)
class ManagementConfiguration {

    @Bean
    AuditLog auditLog(DatabaseClient databaseClient, StoreProperties storeProperties) {
        return new AuditLog(databaseClient, storeProperties.timeout(), Clock.systemUTC());
    }

    @Bean
    LoginThrottle loginThrottle() {
        return new LoginThrottle(Clock.systemUTC());
    }

    @Bean
    ManagementService managementService(DirectoryStore directory, TokenService tokens, AuditLog audit,
            LoginThrottle throttle) {
        return new ManagementService(directory, tokens, audit, throttle, Clock.systemUTC());
    }

    @Bean
    ManagementAuthentication managementAuthentication(CredentialParser parser, Authenticator authenticator) {
        return new ManagementAuthentication(parser, authenticator);
    }

    @Bean
    JsonBodies jsonBodies(JsonMapper jsonMapper) {
        return new JsonBodies(jsonMapper);
    }
}
