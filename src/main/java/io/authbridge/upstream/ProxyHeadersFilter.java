package io.authbridge.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.TransferEncodingNormalizationHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * The header hygiene of Spring Cloud Gateway's default header filters in one pass. Each of those filters
 * copies every header of every proxied request (five copies before anything is sent); this one copies
 * once and does what the ones it replaces would have done, with their configuration:
 * <ul>
 * <li>hop-by-hop headers are not forwarded, in either direction: the names of
 * {@code spring.cloud.gateway.server.webflux.filter.remove-hop-by-hop.headers} and every name the
 * {@code Connection} header lists ({@code RemoveHopByHopHeadersFilter});</li>
 * <li>a client's {@code Forwarded} and {@code X-Forwarded-*} headers are dropped when the gateway trusts no
 * proxy ({@code RemoveForwardedHeadersFilter}, {@code RemoveXForwardedHeadersFilter});</li>
 * <li>{@code Content-Length} is dropped from a request that is also chunked, so that the upstream cannot
 * read the body differently from the gateway ({@code TransferEncodingNormalizationHeadersFilter});</li>
 * <li>a gRPC request gets {@code te: trailers} ({@code GRPCRequestHeadersFilter}).</li>
 * </ul>
 * It runs where the hop-by-hop filter ran, just before AuthBridge's identity headers are set.
 */
final class ProxyHeadersFilter implements HttpHeadersFilter, Ordered {

    private static final String X_FORWARDED_PREFIX = "x-forwarded-";

    private static final String FORWARDED = "Forwarded";

    private final Set<String> hopByHop;

    private final boolean dropForwarded;

    private final boolean dropXForwarded;

    private final boolean normalizeTransferEncoding;

    private final boolean grpcTrailers;

    /** Requests and responses are filtered by one instance each: the gateway tells a filter only which it supports. */
    private final Type type;

    private ProxyHeadersFilter(Type type, Set<String> hopByHop, boolean dropForwarded, boolean dropXForwarded,
            boolean normalizeTransferEncoding, boolean grpcTrailers) {
        this.type = type;
        this.hopByHop = caseInsensitive(hopByHop);
        this.dropForwarded = dropForwarded;
        this.dropXForwarded = dropXForwarded;
        this.normalizeTransferEncoding = normalizeTransferEncoding;
        this.grpcTrailers = grpcTrailers;
    }

    /**
     * The gateway's header filters with the default ones this filter replaces taken out and this filter,
     * configured like them, in their place; every other filter is kept, in order. Without any of the
     * defaults, the list is returned as it is.
     */
    static List<HttpHeadersFilter> replacingDefaults(List<HttpHeadersFilter> filters) {
        Set<String> hopByHop = Set.of();
        boolean replaced = false;
        boolean dropForwarded = false;
        boolean dropXForwarded = false;
        boolean normalize = false;
        boolean grpc = false;
        List<HttpHeadersFilter> kept = new ArrayList<>();
        for (HttpHeadersFilter filter : filters) {
            if (filter instanceof RemoveHopByHopHeadersFilter hop) {
                hopByHop = hop.getHeaders();
            }
            else if (filter instanceof RemoveForwardedHeadersFilter) {
                dropForwarded = true;
            }
            else if (filter instanceof RemoveXForwardedHeadersFilter) {
                dropXForwarded = true;
            }
            else if (filter instanceof TransferEncodingNormalizationHeadersFilter) {
                normalize = true;
            }
            else if (filter instanceof GRPCRequestHeadersFilter) {
                grpc = true;
            }
            else {
                kept.add(filter);
                continue;
            }
            replaced = true;
        }
        if (!replaced) {
            return filters;
        }
        kept.add(new ProxyHeadersFilter(Type.REQUEST, hopByHop, dropForwarded, dropXForwarded, normalize, grpc));
        kept.add(new ProxyHeadersFilter(Type.RESPONSE, hopByHop, false, false, false, false));
        AnnotationAwareOrderComparator.sort(kept);
        return List.copyOf(kept);
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        return type == Type.RESPONSE ? filterResponse(input) : filterRequest(input);
    }

    /** The request headers to send upstream: one new copy, without the headers that must not be forwarded. */
    private HttpHeaders filterRequest(HttpHeaders input) {
        Set<String> listed = connectionOptions(input);
        boolean chunked = normalizeTransferEncoding && isChunked(input);
        HttpHeaders output = new HttpHeaders();
        for (Map.Entry<String, List<String>> header : input.headerSet()) {
            String name = header.getKey();
            if (!dropped(name, listed) && !(chunked && HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name))) {
                output.addAll(name, header.getValue());
            }
        }
        if (grpcTrailers && StringUtils.startsWithIgnoreCase(input.getFirst(HttpHeaders.CONTENT_TYPE), "application/grpc")) {
            output.add("te", "trailers");
        }
        return output;
    }

    /** The upstream's response headers (a fresh copy the routing filter made): hop-by-hop ones removed in place. */
    private HttpHeaders filterResponse(HttpHeaders input) {
        Set<String> listed = connectionOptions(input);
        List<String> drop = null;
        for (String name : input.headerNames()) {
            if (hopByHop.contains(name) || listed != null && listed.contains(name)) {
                if (drop == null) {
                    drop = new ArrayList<>(4);
                }
                drop.add(name);
            }
        }
        if (drop == null) {
            return input;
        }
        HttpHeaders output = input;
        try {
            drop.forEach(output::remove);
        }
        catch (UnsupportedOperationException readOnly) {
            // another response filter before this one handed on read-only headers
            output = new HttpHeaders();
            output.putAll(input);
            drop.forEach(output::remove);
        }
        return output;
    }

    private boolean dropped(String name, Set<String> listed) {
        return hopByHop.contains(name) || listed != null && listed.contains(name)
                || dropXForwarded && name.regionMatches(true, 0, X_FORWARDED_PREFIX, 0, X_FORWARDED_PREFIX.length())
                || dropForwarded && FORWARDED.equalsIgnoreCase(name);
    }

    /** The header names the {@code Connection} header lists (hop-by-hop for this connection), or null. */
    private Set<String> connectionOptions(HttpHeaders headers) {
        if (hopByHop.isEmpty() || !headers.containsHeader(HttpHeaders.CONNECTION)) {
            return null;
        }
        return caseInsensitive(headers.getConnection());
    }

    private static boolean isChunked(HttpHeaders headers) {
        String transferEncoding = headers.getFirst(HttpHeaders.TRANSFER_ENCODING);
        return transferEncoding != null && "chunked".equalsIgnoreCase(transferEncoding.trim());
    }

    private static Set<String> caseInsensitive(Iterable<String> names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.forEach(name -> set.add(name.trim()));
        return set;
    }

    @Override
    public boolean supports(Type type) {
        return type == this.type;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }

    @Override
    public String toString() {
        return "ProxyHeadersFilter[" + type + ", hopByHop=" + hopByHop + ", dropForwarded=" + dropForwarded + ", dropXForwarded="
                + dropXForwarded + ", normalizeTransferEncoding=" + normalizeTransferEncoding + ", grpcTrailers="
                + grpcTrailers + "]";
    }
}
