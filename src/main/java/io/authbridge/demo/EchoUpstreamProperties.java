package io.authbridge.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo upstream of the quick start, which answers every request with what it received.
 *
 * @param enabled whether to start it (true only in the quick-start configuration)
 * @param port its port
 * @param host the address it binds
 */
@ConfigurationProperties("authbridge.demo.echo-upstream")
record EchoUpstreamProperties(@DefaultValue("false") boolean enabled, @DefaultValue("8081") int port,
        @DefaultValue("127.0.0.1") String host) {
}
