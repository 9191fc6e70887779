package io.authbridge.management.projecttree;

import java.time.Clock;

import io.authbridge.directory.DirectoryStore;
import io.authbridge.management.audit.AuditLog;
import io.authbridge.token.TokenService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ProjectTreeConfiguration {

    @Bean
    ProjectTreeService projectTreeService(DirectoryStore directory, TokenService tokens, AuditLog audit) {
        return new ProjectTreeService(directory, tokens, audit, Clock.systemUTC());
    }
}
