package io.authbridge.authentication;

import java.util.regex.Pattern;

import io.authbridge.AuthBridge;
import io.authbridge.upstream.UnforwardedHeaders;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * The trusted headers of every proxied request, applied once to the headers the gateway is about to send
 * (so the request is not copied again for them): no incoming header with the identity prefix is forwarded
 * (the routing filter's one pass over the headers leaves out every name {@link #unforwarded} claims; on any
 * other way upstream this filter removes them) and, for an authenticated caller, the identity headers are
 * set; {@code X-Forwarded-For} is the
 * address the client connected from (a client's own value is kept, with that address appended, only when
 * it connected from a trusted proxy: Spring Cloud Gateway would otherwise drop the header entirely).
 * Runs last among the header filters.
 */
final class UpstreamHeadersFilter implements HttpHeadersFilter, UnforwardedHeaders, Ordered {

    static final String X_FORWARDED_FOR = "X-Forwarded-For";

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
            identity.set(headers, principal);
        }
        String address = ClientAddress.of(exchange.getRequest());
        if (address == null) {
            headers.remove(X_FORWARDED_FOR);
            return;
        }
        String incoming = exchange.getRequest().getHeaders().getFirst(X_FORWARDED_FOR);
        if (incoming != null && !incoming.isBlank() && trustedProxies != null
                && trustedProxies.matcher(address).matches()) {
            headers.set(X_FORWARDED_FOR, incoming + ", " + address);
        }
        else {
            headers.set(X_FORWARDED_FOR, address);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
