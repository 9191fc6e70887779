package io.authbridge.authentication;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The address of the client, as every per-client feature sees it: the failure limit, rate limits of
 * anonymous callers, login throttling, the audit log and the access log. It is the peer's address, unless
 * the peer is one of {@code authbridge.trusted-proxies}: then it is the rightmost {@code X-Forwarded-For}
 * address that is not itself a trusted proxy (the leftmost when all are), the one the nearest untrusted
 * hop connected from. A forwarded address is never believed from a peer that is not trusted, nor is a
 * {@code Forwarded} header; an entry that is no IP address ends the walk at the last one that was. Decided
 * once per request, right after the access log starts, and kept on the exchange.
 */
public final class ClientAddress implements WebFilter, Ordered {

    private static final String ATTRIBUTE = ClientAddress.class.getName();

    private static final String X_FORWARDED_FOR = "X-Forwarded-For";

    /** An IPv4 or IPv6 literal (possibly with a zone), the only spellings resolved without a name lookup. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9]{1,3}(?:\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final Pattern trustedProxies;

    /** @param trustedProxies regular expression of the trusted proxies' addresses; blank: none */
    ClientAddress(String trustedProxies) {
        this.trustedProxies = trustedProxies == null || trustedProxies.isBlank() ? null : Pattern.compile(trustedProxies);
    }

    /** The client's address, or null when the connection does not tell. */
    public static String of(ServerWebExchange exchange) {
        String decided = exchange.getAttribute(ATTRIBUTE);
        return decided != null ? decided : peer(exchange.getRequest());
    }

    /** The peer's IP address (the connection's other end), or null when the connection does not tell. */
    public static String peer(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }

    @Override
    public int getOrder() {
        // right after the access log (HIGHEST_PRECEDENCE), before the canonical path and every handler
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String client = resolve(exchange.getRequest());
        if (client != null) {
            exchange.getAttributes().put(ATTRIBUTE, client);
        }
        return chain.filter(exchange);
    }

    String resolve(ServerHttpRequest request) {
        String peer = peer(request);
        if (peer == null || !trusted(peer)) {
            return peer;
        }
        List<String> lines = request.getHeaders().get(X_FORWARDED_FOR);
        if (lines == null) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String line : lines) {
            for (String hop : line.split(",", -1)) {
                hops.add(hop.trim());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String address = address(hops.get(i));
            if (address == null) {
                return client;
            }
            client = address;
            if (!trusted(address)) {
                return address;
            }
        }
        return client;
    }

    private boolean trusted(String address) {
        return trustedProxies != null && trustedProxies.matcher(address).matches();
    }

    /** The address a hop names (an IP literal, bracketed or with a port), normalised; null for anything else. */
    static String address(String hop) {
        String literal = hop;
        if (literal.startsWith("[")) {
            int end = literal.indexOf(']');
            if (end < 0) {
                return null;
            }
            literal = literal.substring(1, end);
        }
        else if (literal.indexOf(':') > 0 && literal.indexOf(':') == literal.lastIndexOf(':') && literal.indexOf('.') > 0) {
            // IPv4 with a port
            literal = literal.substring(0, literal.indexOf(':'));
        }
        if (!IP_LITERAL.matcher(literal).matches()) {
            return null;
        }
        if (literal.indexOf(':') < 0) {
            for (String octet : literal.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    // not an address: InetAddress would look it up as a name
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(literal).getHostAddress();
        }
        catch (UnknownHostException | SecurityException notAnAddress) {
            return null;
        }
    }
}
