package io.authbridge.management.apikey;

import java.time.Clock;

import io.authbridge.management.access.Access;
import io.authbridge.management.audit.AuditLog;
import io.authbridge.token.TokenService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ApiKeyConfiguration {

    @Bean
    ApiKeyService apiKeyService(Access access, TokenService tokens, AuditLog audit) {
        return new ApiKeyService(access, tokens, audit, Clock.systemUTC());
    }
}
