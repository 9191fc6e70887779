package io.authbridge.management.access;

import io.authbridge.directory.DirectoryStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    Access access(DirectoryStore directory) {
        return new Access(directory);
    }
}
