package io.authbridge.upstream;

import io.netty.channel.ChannelOption;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The upstream deadlines, applied to the one HTTP client every route shares. Spring Cloud Gateway's own
 * {@code httpclient.connect-timeout} and {@code response-timeout} properties cost every request: the first
 * derives a new client configuration per request, the second schedules a timer on another thread per
 * request. Here the connect timeout is a channel option set once, and the response timeout is Reactor
 * Netty's read timeout, armed on the connection's own event loop.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamConfiguration {

    @Bean
    HttpClientCustomizer upstreamTimeouts(UpstreamProperties properties) {
        return client -> client
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
            .responseTimeout(properties.responseTimeout());
    }
}
