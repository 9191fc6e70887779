package io.authbridge.management.tokenimport;

import java.time.Clock;

import io.authbridge.management.access.Access;
import io.authbridge.management.audit.AuditLog;
import io.authbridge.token.TokenHasher;
import io.authbridge.token.TokenService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TokenImportConfiguration {

    @Bean
    TokenImportService tokenImportService(Access access, TokenService tokens, TokenHasher hasher, AuditLog audit) {
        return new TokenImportService(access, tokens, hasher, audit, Clock.systemUTC());
    }
}
