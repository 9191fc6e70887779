package io.authbridge.upstream;

/**
 * Marks a {@link org.springframework.http.server.reactive.ServerHttpRequestDecorator} that changes only how the
 * body is read (a deadline on it, say), never the headers, method or URI: the proxy still copies the server's own
 * headers in its one pass ({@link UpstreamRoutingFilter}), looking through such decorators to the server's request.
 */
public interface BodyOnlyDecoration {
}
