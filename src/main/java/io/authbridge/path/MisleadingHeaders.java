package io.authbridge.path;

import java.util.ArrayList;
import java.util.List;

import io.authbridge.HeaderNames;
import io.authbridge.upstream.NettyRequestHeadersFilter;
import io.authbridge.upstream.UnforwardedHeaders;
import io.netty.util.AsciiString;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * A client's headers that would make the upstream serve another path, or trust another proxy chain, than the
 * gateway's are never forwarded:
 * <ul>
 * <li>{@code X-Original-URL} and {@code X-Rewrite-URL} (IIS URL Rewrite, Symfony, Zend, Laravel behind a
 * trusted proxy) and {@code X-Original-URI} (the nginx convention), in every spelling ({@link HeaderNames}): the
 * route was chosen on the canonical path, and that is the path the upstream must serve;</li>
 * <li>{@code X-Forwarded-*} in any spelling but the standard one ({@code X_Forwarded_Host},
 * {@code x.forwarded.prefix}): no proxy writes them so, and an upstream reading them as the standard names would
 * trust the client; the standard names are Spring Cloud Gateway's to keep or drop (its trusted proxies).</li>
 * </ul>
 * On the routing filter's one pass the names are left out ({@link UnforwardedHeaders}); on any other way upstream
 * (the gateway's own routing filter, whose forwarded-header filters know only the standard spelling) they are
 * removed here.
 */
final class MisleadingHeaders implements NettyRequestHeadersFilter, UnforwardedHeaders, Ordered {

    /** The path overrides, folded. */
    private static final List<String> PATH_OVERRIDES = List.of("x-original-url", "x-rewrite-url", "x-original-uri");

    private static final String X_FORWARDED = "x-forwarded-";

    @Override
    public boolean unforwarded(CharSequence name) {
        for (String folded : PATH_OVERRIDES) {
            // the whole name: X-Original-URL-Suffix is not one of them
            if (name.length() == folded.length() && HeaderNames.startsWithFolded(name, folded)) {
                return true;
            }
        }
        return HeaderNames.startsWithFolded(name, X_FORWARDED)
                && !AsciiString.regionMatches(name, true, 0, X_FORWARDED, 0, X_FORWARDED.length());
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
        return "MisleadingHeaders" + PATH_OVERRIDES + "+x-forwarded-* misspelled";
    }
}
