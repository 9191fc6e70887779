package io.authbridge.server;

import java.util.function.BooleanSupplier;

import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.netty.Connection;

/**
 * Whether the HTTP server refused a request's body: the codec could not frame it (a chunk size that
 * overflows, a malformed chunk line), so the server answered 400 and closed the connection while the request
 * was under way. The access log records what the client got.
 */
public final class RefusedBodies {

    /** Set on a connection whose request body the codec could not frame ({@link RequestHeadCheck}). */
    static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf("authbridge.refusedBody");

    private static final BooleanSupplier NEVER = () -> false;

    private RefusedBodies() {
    }

    /**
     * Asks, once the request is over, whether the HTTP server answered 400 to its body. Taken when the request
     * starts: once the server has closed the connection, the request no longer knows it.
     */
    public static BooleanSupplier watch(ServerHttpRequest request) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
        if (!(nativeRequest instanceof Connection connection)) {
            return NEVER;
        }
        Attribute<Boolean> refused = connection.channel().attr(REFUSED);
        return () -> Boolean.TRUE.equals(refused.get());
    }
}
