package io.authbridge.upstream;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

/**
 * Spring Cloud Gateway's {@link RouteToRequestUrlFilter}, which puts the route's scheme, host and port in front of
 * the request's path and query. The gateway does it by taking the request URI apart with {@code UriComponentsBuilder}
 * (its query with a regular expression, into a map of parameters), checking it with a second builder, putting it
 * back together and parsing the result; it also matches the route's URI against a regular expression, on every
 * request: about 2 µs of a request, twice that with a query token. Here a request whose path and query the
 * builder gives back as they are, to a route of an {@code http} or {@code https} URI with a host, gets the URL by
 * concatenation: the same text the builder would produce, parsed once. What the builder would change or could
 * refuse is left to the gateway's own code: a path with {@code //} (the builder drops one slash), a query with an
 * empty or nameless parameter (dropped), a repeated name (its values grouped together), a character the builder
 * checks for in an escaped URI, user information, a fragment; so is every other kind of route ({@code lb:},
 * {@code forward:}, a scheme prefix). A query credential taken out ({@link ForwardedQuery}) is left out of the URL
 * built so, which the routing filter then sends as it is instead of parsing a copy without it; only a filter ordered
 * after this one that reads the request URL sees the difference: the URL without the credential about to be left out.
 * Part of the fast path ({@link FastPathProperties}); {@code UpstreamUrlFilterTest}
 * compares it with the gateway's filter on generated routes and requests.
 */
final class UpstreamUrlFilter extends RouteToRequestUrlFilter {

    /** Query parameters checked pairwise for a repeated name; a longer query takes the gateway's way. */
    private static final int MAX_PARAMETERS = 16;

    private final LongAdder concatenated = new LongAdder();

    private final LongAdder gatewaysWay = new LongAdder();

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        URI request = exchange.getRequest().getURI();
        ForwardedQuery query = ForwardedQuery.of(exchange);
        // the query decided for this very query goes into the URL now, instead of into a copy of it later
        boolean writesQuery = query != null && query.received().equals(request.getRawQuery());
        URI url = route == null ? null
                : requestUrl(route.getUri(), request, writesQuery ? query.forwarded() : request.getRawQuery());
        if (url == null) {
            gatewaysWay.increment();
            return super.filter(exchange, chain);
        }
        concatenated.increment();
        if (writesQuery) {
            query.writtenInto(exchange, url);
        }
        exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, url);
        return chain.filter(exchange);
    }

    /** How many request URLs were built by concatenation and how many by the gateway's code, since start (for tests). */
    Ways ways() {
        return new Ways(concatenated.sum(), gatewaysWay.sum());
    }

    /** Request URLs built by concatenation, and by the gateway's code. */
    record Ways(long concatenated, long gatewaysWay) {

        Ways minus(Ways before) {
            return new Ways(concatenated - before.concatenated, gatewaysWay - before.gatewaysWay);
        }
    }

    /**
     * The URL the gateway would build for {@code request} to a route of {@code routeUri}, or null when it is not one
     * built by concatenation (see the class).
     */
    static URI requestUrl(URI routeUri, URI request) {
        return requestUrl(routeUri, request, request.getRawQuery());
    }

    /**
     * {@link #requestUrl(URI, URI)} with {@code sentQuery} in place of the request's query: the URL the gateway
     * builds, with the query AuthBridge sends instead ({@link ForwardedQuery}, a part of the request's parameters
     * as the client wrote them, or null), when the gateway's URL would hold the request's query as it is.
     */
    static URI requestUrl(URI routeUri, URI request, String sentQuery) {
        String scheme = routeUri.getScheme();
        String host = routeUri.getHost();
        if (host == null || !"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)
                || request.isOpaque() || request.getRawUserInfo() != null || request.getRawFragment() != null) {
            return null;
        }
        String path = request.getRawPath();
        String query = request.getRawQuery();
        boolean escaped = path.indexOf('%') >= 0 || query != null && query.indexOf('%') >= 0;
        if (!isKeptPath(path) || query != null && !isKeptQuery(query, escaped)) {
            return null;
        }
        int port = routeUri.getPort();
        StringBuilder url = new StringBuilder(scheme.length() + host.length() + path.length()
                + (sentQuery == null ? 0 : sentQuery.length()) + 10);
        url.append(scheme).append("://").append(host);
        if (port != -1) {
            url.append(':').append(port);
        }
        url.append(path);
        if (sentQuery != null && !sentQuery.isEmpty()) {
            url.append('?').append(sentQuery);
        }
        try {
            return new URI(url.toString());
        }
        catch (URISyntaxException notAUri) {
            return null;
        }
    }

    /** A path the builder gives back as it is and accepts as escaped: path characters and escapes, no {@code //}. */
    private static boolean isKeptPath(String path) {
        if (path.isEmpty() || path.charAt(0) != '/' || path.contains("//")) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (!isEscape(path, i)) {
                    return false;
                }
                i += 2;
            }
            else if (c != '/' && !isPathCharacter(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A query the builder gives back as it is: parameters of a name, optionally {@code =} and a value, each name
     * once; query characters and escapes only. When the URI holds an escape, the builder checks each name and
     * value for characters of a query parameter, which {@code =} is not: a value holding one makes the builder
     * take the URI as not escaped and escape its {@code %} again, so such a query takes the gateway's way.
     */
    private static boolean isKeptQuery(String query, boolean escaped) {
        if (query.isEmpty()) {
            return true;
        }
        int parameters = 0;
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            if (end == start || query.charAt(start) == '=' || ++parameters > MAX_PARAMETERS) {
                return false;
            }
            int equals = query.indexOf('=', start);
            int nameEnd = equals < 0 || equals > end ? end : equals;
            if (!isQueryText(query, start, end, nameEnd, escaped) || isNamedBefore(query, start, nameEnd)) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    /** The characters of one parameter: query characters, escapes, and {@code =} after the name unless escaped. */
    private static boolean isQueryText(String query, int start, int end, int nameEnd, boolean escaped) {
        for (int i = start; i < end; i++) {
            char c = query.charAt(i);
            if (c == '%') {
                if (!isEscape(query, i) || i + 2 >= end) {
                    return false;
                }
                i += 2;
            }
            else if (c == '=') {
                if (i != nameEnd && escaped) {
                    return false;
                }
            }
            else if (c != '/' && c != '?' && !isPathCharacter(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a parameter before {@code start} has the name {@code query[start, nameEnd)}. */
    private static boolean isNamedBefore(String query, int start, int nameEnd) {
        int length = nameEnd - start;
        int from = 0;
        while (from < start) {
            int end = query.indexOf('&', from);
            int equals = query.indexOf('=', from);
            int otherEnd = equals < 0 || equals > end ? end : equals;
            if (otherEnd - from == length && query.regionMatches(from, query, start, length)) {
                return true;
            }
            from = end + 1;
        }
        return false;
    }

    private static boolean isEscape(String text, int at) {
        return at + 2 < text.length() && Character.digit(text.charAt(at + 1), 16) >= 0
                && Character.digit(text.charAt(at + 2), 16) >= 0;
    }

    /** RFC 3986 {@code pchar} but escapes: unreserved, sub-delims, {@code :} and {@code @}. */
    private static boolean isPathCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                || c == '_' || c == '~' || c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')'
                || c == '*' || c == '+' || c == ',' || c == ';' || c == '=' || c == ':' || c == '@';
    }
}
