package io.authbridge.management.session;

import java.time.Clock;

import io.authbridge.directory.DirectoryStore;
import io.authbridge.management.audit.AuditLog;
import io.authbridge.token.TokenService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

    @Bean
    SessionService sessionService(DirectoryStore directory, TokenService tokens, AuditLog audit) {
        return new SessionService(directory, tokens, audit, new LoginThrottle(Clock.systemUTC()), Clock.systemUTC());
    }
}
