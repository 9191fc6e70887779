package io.authbridge.authentication;

import java.util.regex.Pattern;

import io.authbridge.AuthBridge;
import io.authbridge.upstream.NettyRequestHeadersFilter;
import io.authbridge.upstream.UnforwardedHeaders;
import io.netty.util.AsciiString;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * The trusted headers of every proxied request, applied once to the headers the gateway is about to send
 * (so the request is not copied again for them): no incoming header with the identity prefix is forwarded
 * (the routing filter's one pass over the headers leaves out every name {@link #unforwarded} claims; on any
 * other way upstream this filter removes them) and, for an authenticated caller, the identity headers are
 * set; {@code X-Forwarded-For} is the address the client connected from (a client's own value is kept, with
 * that address appended, only when it connected from a trusted proxy: Spring Cloud Gateway would otherwise
 * drop the header entirely). On the one pass it writes into the Netty headers themselves. Runs last among
 * the header filters.
 */
final class UpstreamHeadersFilter implements NettyRequestHeadersFilter, UnforwardedHeaders, Ordered {

    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private static final AsciiString X_FORWARDED_FOR_NAME = AsciiString.cached(X_FORWARDED_FOR);

    private final IdentityHeaders identity;

    private final Pattern trustedProxies;

    UpstreamHeadersFilter(String identityPrefix, String trustedProxies) {
        this.identity = new IdentityHeaders(identityPrefix);
        this.trustedProxies = trustedProxies == null || trustedProxies.isBlank() ? null : Pattern.compile(trustedProxies);
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        try {
            apply(input, exchange);
            return input;
        }
        catch (UnsupportedOperationException readOnly) {
            HttpHeaders copy = new HttpHeaders();
            copy.putAll(input);
            apply(copy, exchange);
            return copy;
        }
    }

    @Override
    public void filter(io.netty.handler.codec.http.HttpHeaders outgoing, ServerWebExchange exchange) {
        if (!UnforwardedHeaders.wereLeftOut(exchange)) {
            identity.removeAll(outgoing);
        }
        AuthenticatedPrincipal principal = exchange.getAttribute(AuthBridge.PRINCIPAL_ATTRIBUTE);
        if (principal != null) {
            // set, not added: a header filter between the one pass and this one may have put a name back
            identity.forEach(principal, outgoing::set);
        }
        String forwardedFor = forwardedFor(exchange);
        if (forwardedFor == null) {
            outgoing.remove(X_FORWARDED_FOR_NAME);
        }
        else {
            outgoing.set(X_FORWARDED_FOR_NAME, forwardedFor);
        }
    }

    @Override
    public boolean unforwarded(CharSequence name) {
        return identity.hasPrefix(name);
    }

    private void apply(HttpHeaders headers, ServerWebExchange exchange) {
        if (!UnforwardedHeaders.wereLeftOut(exchange)) {
            // not the routing filter's one pass (a WebSocket upgrade, say): the client's names are still here
            identity.removeAll(headers);
        }
        AuthenticatedPrincipal principal = exchange.getAttribute(AuthBridge.PRINCIPAL_ATTRIBUTE);
        if (principal != null) {
            identity.forEach(principal, (name, value) -> headers.set(name.toString(), value.toString()));
        }
        String forwardedFor = forwardedFor(exchange);
        if (forwardedFor == null) {
            headers.remove(X_FORWARDED_FOR);
        }
        else {
            headers.set(X_FORWARDED_FOR, forwardedFor);
        }
    }

    /** The X-Forwarded-For value to send, or null for none (the client's address is unknown). */
    private String forwardedFor(ServerWebExchange exchange) {
        String address = ClientAddress.peer(exchange.getRequest());
        if (address == null) {
            return null;
        }
        String incoming = exchange.getRequest().getHeaders().getFirst(X_FORWARDED_FOR);
        if (incoming != null && !incoming.isBlank() && trustedProxies != null
                && trustedProxies.matcher(address).matches()) {
            return incoming + ", " + address;
        }
        return address;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
