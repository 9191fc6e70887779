package io.authbridge.path;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.authbridge.HeaderNames;
import io.authbridge.authentication.ClientAddress;
import io.authbridge.upstream.NettyRequestHeadersFilter;
import io.authbridge.upstream.UnforwardedHeaders;
import io.netty.util.AsciiString;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * A client's headers that would make the upstream serve another path or method, or trust another client
 * address, host or scheme than the gateway's, are never forwarded:
 * <ul>
 * <li>URL and path overrides ({@code X-Original-URL}, {@code X-Rewrite-URL}: IIS URL Rewrite, Symfony, Zend,
 * Laravel; {@code X-Original-URI}: nginx; {@code X-Envoy-Original-Path}, {@code X-Override-URL}), always: the
 * route was chosen on the canonical path, and that is the path the upstream must serve;</li>
 * <li>method overrides ({@code X-HTTP-Method-Override}, {@code X-HTTP-Method}, {@code X-Method-Override},
 * {@code X-Original-Method}), always: the gateway authorised the request's own method, and an upstream that
 * honours them would run another (a {@code DELETE} for an authorised {@code POST});</li>
 * <li>client-address, host and scheme headers other than the standard forwarding ones ({@code X-Real-IP},
 * {@code True-Client-IP}, {@code CF-Connecting-IP}, {@code X-Host}, {@code X-Url-Scheme}, ... see
 * {@link #PROXY_SET}), unless the peer is one of {@code authbridge.trusted-proxies}, and then only in their
 * standard spelling: like {@code X-Forwarded-For}, they are a proxy's to set, not a client's;</li>
 * <li>{@code X-Forwarded-*} in any spelling but the standard one ({@code X_Forwarded_Host},
 * {@code x.forwarded.prefix}): no proxy writes them so, and an upstream reading them as the standard names would
 * trust the client; the standard names are Spring Cloud Gateway's to keep or drop (its trusted proxies).</li>
 * </ul>
 * Every name is compared folded ({@link HeaderNames}: case, {@code _}, {@code .}), as a whole. On the routing
 * filter's one pass the names are left out ({@link UnforwardedHeaders}); on any other way upstream (the gateway's
 * own routing filter, whose forwarded-header filters know only the standard spelling) they are removed here, and
 * so are the proxy-set ones of a peer that is not a trusted proxy when trusted proxies are configured (the one
 * pass asks about names only, not peers).
 */
final class MisleadingHeaders implements NettyRequestHeadersFilter, UnforwardedHeaders, Ordered {

    /** URL, path and method overrides, folded: never forwarded. */
    static final List<String> OVERRIDES = List.of("x-original-url", "x-rewrite-url", "x-original-uri",
            "x-envoy-original-path", "x-override-url", "x-http-method-override", "x-http-method", "x-method-override",
            "x-original-method");

    /** Client-address, host and scheme headers a proxy sets, folded: forwarded only from a trusted proxy. */
    static final List<String> PROXY_SET = List.of("x-real-ip", "x-client-ip", "client-ip", "true-client-ip",
            "cf-connecting-ip", "fastly-client-ip", "x-cluster-client-ip", "x-originating-ip", "x-remote-ip",
            "x-remote-addr", "x-proxyuser-ip", "x-original-forwarded-for", "x-envoy-external-address", "forwarded-for",
            "x-forwarded", "x-host", "x-original-host", "x-http-host-override", "front-end-https", "x-url-scheme",
            "x-scheme");

    private static final String X_FORWARDED = "x-forwarded-";

    /** Null when no proxy is trusted: then the proxy-set names are claimed like the overrides. */
    private final Pattern trustedProxies;

    MisleadingHeaders(String trustedProxies) {
        this.trustedProxies = trustedProxies == null || trustedProxies.isBlank() ? null : Pattern.compile(trustedProxies);
    }

    @Override
    public boolean unforwarded(CharSequence name) {
        if (isAny(name, OVERRIDES)) {
            return true;
        }
        if (isAny(name, PROXY_SET)) {
            // from a trusted proxy only the standard spelling; whether the peer is one is not known here
            return trustedProxies == null || !isStandard(name, PROXY_SET);
        }
        return HeaderNames.startsWithFolded(name, X_FORWARDED)
                && !AsciiString.regionMatches(name, true, 0, X_FORWARDED, 0, X_FORWARDED.length());
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        List<String> found = names(input.headerNames(), exchange);
        if (found.isEmpty()) {
            return input;
        }
        HttpHeaders output = HttpHeaders.copyOf(input);
        found.forEach(output::remove);
        return output;
    }

    @Override
    public void filter(io.netty.handler.codec.http.HttpHeaders outgoing, ServerWebExchange exchange) {
        names(outgoing.names(), exchange).forEach(outgoing::remove);
    }

    /** The names still to remove: every claimed one if the one pass did not leave them out, the proxy-set ones of an untrusted peer. */
    private List<String> names(Iterable<String> names, ServerWebExchange exchange) {
        boolean onePass = UnforwardedHeaders.wereLeftOut(exchange);
        boolean untrustedPeer = trustedProxies != null && !trusted(exchange);
        if (onePass && !untrustedPeer) {
            return List.of();
        }
        List<String> found = new ArrayList<>(0);
        for (String name : names) {
            if (!onePass && unforwarded(name) || untrustedPeer && isAny(name, PROXY_SET)) {
                found.add(name);
            }
        }
        return found;
    }

    private boolean trusted(ServerWebExchange exchange) {
        String address = ClientAddress.peer(exchange.getRequest());
        return address != null && trustedProxies.matcher(address).matches();
    }

    /** Whether {@code name}, folded, is one of {@code folded} as a whole (X-Original-URL-Suffix is not X-Original-URL). */
    private static boolean isAny(CharSequence name, List<String> folded) {
        for (String candidate : folded) {
            if (name.length() == candidate.length() && HeaderNames.startsWithFolded(name, candidate)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code name} is one of {@code folded} in its standard spelling (dashes, any case). */
    private static boolean isStandard(CharSequence name, List<String> folded) {
        for (String candidate : folded) {
            if (AsciiString.contentEqualsIgnoreCase(candidate, name)) {
                return true;
            }
        }
        return false;
    }

    /** After the one pass (a filter before it would send every request the gateway's way). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public String toString() {
        return "MisleadingHeaders" + OVERRIDES + PROXY_SET + (trustedProxies == null ? "" : " unless from " + trustedProxies)
                + "+x-forwarded-* misspelled";
    }
}
