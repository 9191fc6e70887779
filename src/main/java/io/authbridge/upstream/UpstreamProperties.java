package io.authbridge.upstream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Deadlines of every proxied request, set once on the gateway's HTTP client. A route's own
 * {@code connect-timeout} / {@code response-timeout} metadata still applies on top.
 *
 * @param connectTimeout how long opening a connection to the upstream may take (then 504)
 * @param responseTimeout how long the upstream may stay silent while the gateway waits for, or reads, its
 *     response (then 504)
 */
@ConfigurationProperties("authbridge.upstream")
record UpstreamProperties(@DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("30s") Duration responseTimeout) {

    public UpstreamProperties {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()
                || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("authbridge.upstream.connect-timeout must be positive, got " + connectTimeout);
        }
        if (responseTimeout == null || responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("authbridge.upstream.response-timeout must be positive, got " + responseTimeout);
        }
    }
}
