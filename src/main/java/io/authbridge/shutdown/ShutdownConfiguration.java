package io.authbridge.shutdown;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The drain on shutdown (see the package). */
@Configuration(proxyBeanMethods = false)
class ShutdownConfiguration {

    @Bean
    Drain drain(ShutdownProperties properties) {
        return new Drain(properties.drain());
    }

    @Bean
    ConnectionCloseWebFilter connectionCloseWebFilter(Drain drain) {
        return new ConnectionCloseWebFilter(drain);
    }
}
