package io.authbridge.authentication;

import java.net.InetSocketAddress;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The address a client connected from, as every per-client feature sees it: the failure limit, rate limits
 * of anonymous callers, login throttling, the audit log, the access log and {@code X-Forwarded-For}.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    /** The peer's IP address, or null when the connection does not tell. */
    public static String of(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }
}
