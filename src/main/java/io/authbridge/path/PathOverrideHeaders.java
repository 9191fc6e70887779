package io.authbridge.path;

import java.util.ArrayList;
import java.util.List;

import io.authbridge.HeaderNames;
import io.authbridge.upstream.NettyRequestHeadersFilter;
import io.authbridge.upstream.UnforwardedHeaders;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * A client's headers that tell an upstream to serve another path than the one it receives are never forwarded:
 * {@code X-Original-URL} and {@code X-Rewrite-URL} (IIS URL Rewrite, Symfony, Zend, Laravel behind a trusted
 * proxy), {@code X-Original-URI} (the nginx convention), in every spelling ({@link HeaderNames}). The route was
 * chosen on the canonical path, and that is the path the upstream must serve. On the routing filter's one pass
 * the names are left out ({@link UnforwardedHeaders}); on any other way upstream they are removed here.
 */
final class PathOverrideHeaders implements NettyRequestHeadersFilter, UnforwardedHeaders, Ordered {

    /** The names, folded. */
    private static final List<String> FOLDED = List.of("x-original-url", "x-rewrite-url", "x-original-uri");

    @Override
    public boolean unforwarded(CharSequence name) {
        for (String folded : FOLDED) {
            // the whole name: X-Original-URL-Suffix is not one of them
            if (name.length() == folded.length() && HeaderNames.startsWithFolded(name, folded)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        if (UnforwardedHeaders.wereLeftOut(exchange)) {
            return input;
        }
        List<String> found = names(input.headerNames());
        if (found.isEmpty()) {
            return input;
        }
        HttpHeaders output = HttpHeaders.copyOf(input);
        found.forEach(output::remove);
        return output;
    }

    @Override
    public void filter(io.netty.handler.codec.http.HttpHeaders outgoing, ServerWebExchange exchange) {
        if (!UnforwardedHeaders.wereLeftOut(exchange)) {
            names(outgoing.names()).forEach(outgoing::remove);
        }
    }

    private List<String> names(Iterable<String> names) {
        List<String> found = new ArrayList<>(0);
        for (String name : names) {
            if (unforwarded(name)) {
                found.add(name);
            }
        }
        return found;
    }

    /** After the one pass (a filter before it would send every request the gateway's way). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public String toString() {
        return "PathOverrideHeaders" + FOLDED;
    }
}
