package io.authbridge.management.directory;

import java.time.Clock;

import io.authbridge.directory.DirectoryStore;
import io.authbridge.management.access.Access;
import io.authbridge.management.audit.AuditLog;
import io.authbridge.token.TokenService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DirectoryServicesConfiguration {

    @Bean
    DirectoryService directoryService(DirectoryStore directory, Access access, TokenService tokens, AuditLog audit) {
        return new DirectoryService(directory, access, tokens, audit, Clock.systemUTC());
    }

    @Bean
    UserService userService(DirectoryStore directory, AuditLog audit) {
        return new UserService(directory, audit, Clock.systemUTC());
    }
}
