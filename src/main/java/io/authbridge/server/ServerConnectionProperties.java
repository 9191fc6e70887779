package io.authbridge.server;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on the connections of the gateway's port ({@code server.port}).
 *
 * @param requestHeadersTimeout how long a client may take to send a request's line and headers, counted from
 *     the connection's opening or from the first byte of a following request on a kept-alive connection; then
 *     the connection is closed (with 408 when part of a request had arrived). Idle kept-alive connections are
 *     bounded by server.netty.idle-timeout instead.
 * @param requestBodyTimeout how long a client may take to send a request's whole body, counted from its head's
 *     arrival; then the request is answered 408 in the route's dialect and the connection closed (only closed when
 *     the response has started), on the management APIs and proxied routes alike.
 * @param allowTrace whether {@code TRACE} requests are served (proxied as any other method); off, they are answered
 *     405 in the route's dialect before any handler, and no upstream echoes a request's headers (credentials
 *     included) back to a script that could read them.
 */
@ConfigurationProperties("authbridge.server")
public record ServerConnectionProperties(@DefaultValue("10s") Duration requestHeadersTimeout,
        @DefaultValue("60s") Duration requestBodyTimeout, @DefaultValue("false") boolean allowTrace) {

    public ServerConnectionProperties {
        if (requestBodyTimeout == null || requestBodyTimeout.isNegative() || requestBodyTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "authbridge.server.request-body-timeout must be a positive duration, not " + requestBodyTimeout);
        }
        if (requestHeadersTimeout == null || requestHeadersTimeout.isNegative() || requestHeadersTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "authbridge.server.request-headers-timeout must be a positive duration, not " + requestHeadersTimeout);
        }
    }
}
