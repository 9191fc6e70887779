package io.authbridge.upstream;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.authbridge.HeaderNames;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;
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
 * proxy ({@code RemoveForwardedHeadersFilter}, {@code RemoveXForwardedHeadersFilter}), the latter in every
 * spelling an upstream could read as one ({@code X_Forwarded_Host}, see {@link HeaderNames});</li>
 * <li>{@code Content-Length} is dropped from a request that is also chunked, so that the upstream cannot
 * read the body differently from the gateway ({@code TransferEncodingNormalizationHeadersFilter});</li>
 * <li>a gRPC request gets {@code te: trailers} ({@code GRPCRequestHeadersFilter});</li>
 * <li>a request header that an {@link UnforwardedHeaders} filter claims is not forwarded.</li>
 * </ul>
 * The same rules are applied by {@link UpstreamRoutingFilter} straight from the server's Netty headers
 * into the client's ({@link #copyRequest}, {@link #copyResponse}), without Spring's header maps.
 */
final class ProxyHeadersFilter implements HttpHeadersFilter, Ordered {

    private static final String X_FORWARDED_PREFIX = "x-forwarded-";

    private static final String FORWARDED = "Forwarded";

    private static final String[] NONE = new String[0];

    /** Null when the gateway has no hop-by-hop filter (then neither these names nor Connection's are removed). */
    private final String[] hopByHop;

    private final boolean dropForwarded;

    private final boolean dropXForwarded;

    private final boolean normalizeTransferEncoding;

    private final boolean grpcTrailers;

    private final UnforwardedHeaders[] unforwarded;

    /** Requests and responses are filtered by one instance each: the gateway tells a filter only which it supports. */
    private final Type type;

    private ProxyHeadersFilter(Type type, Set<String> hopByHop, boolean dropForwarded, boolean dropXForwarded,
            boolean normalizeTransferEncoding, boolean grpcTrailers, List<UnforwardedHeaders> unforwarded) {
        this.type = type;
        this.hopByHop = hopByHop == null ? null : hopByHop.stream().map(String::trim).distinct().toArray(String[]::new);
        this.dropForwarded = dropForwarded;
        this.dropXForwarded = dropXForwarded;
        this.normalizeTransferEncoding = normalizeTransferEncoding;
        this.grpcTrailers = grpcTrailers;
        this.unforwarded = unforwarded.toArray(UnforwardedHeaders[]::new);
    }

    /**
     * The gateway's header filters with the default ones this filter replaces taken out and this filter,
     * configured like them, in their place (with none of them, it only leaves out the names the
     * {@link UnforwardedHeaders} filters claim); every other filter is kept, in order.
     */
    static List<HttpHeadersFilter> replacingDefaults(List<HttpHeadersFilter> filters) {
        Set<String> hopByHop = null;
        boolean dropForwarded = false;
        boolean dropXForwarded = false;
        boolean normalize = false;
        boolean grpc = false;
        List<HttpHeadersFilter> kept = new ArrayList<>();
        List<UnforwardedHeaders> unforwarded = new ArrayList<>();
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
            else if (!(filter instanceof ProxyHeadersFilter)) {
                kept.add(filter);
                if (filter instanceof UnforwardedHeaders names) {
                    unforwarded.add(names);
                }
            }
        }
        kept.add(new ProxyHeadersFilter(Type.REQUEST, hopByHop, dropForwarded, dropXForwarded, normalize, grpc,
                unforwarded));
        kept.add(new ProxyHeadersFilter(Type.RESPONSE, hopByHop, false, false, false, false, List.of()));
        AnnotationAwareOrderComparator.sort(kept);
        return List.copyOf(kept);
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        if (type == Type.RESPONSE) {
            return filterResponse(input);
        }
        HttpHeaders output = filterRequest(input);
        UnforwardedHeaders.leftOut(exchange);
        return output;
    }

    /** The request headers to send upstream: one new copy, without the headers that must not be forwarded. */
    private HttpHeaders filterRequest(HttpHeaders input) {
        String[] listed = connectionOptions(input);
        boolean chunked = normalizeTransferEncoding && isChunked(input.getFirst(HttpHeaders.TRANSFER_ENCODING));
        HttpHeaders output = new HttpHeaders();
        for (Map.Entry<String, List<String>> header : input.headerSet()) {
            if (forwarded(header.getKey(), listed, chunked)) {
                output.addAll(header.getKey(), header.getValue());
            }
        }
        if (needsTrailers(input.getFirst(HttpHeaders.CONTENT_TYPE))) {
            output.add("te", "trailers");
        }
        return output;
    }

    /**
     * The same as {@link #filter} on a request's headers, from the server's Netty headers into the client's
     * in one pass: every kept header line is added to {@code output}; like {@link #filter}, marks the exchange
     * ({@link UnforwardedHeaders#wereLeftOut}).
     */
    void copyRequest(io.netty.handler.codec.http.HttpHeaders input, io.netty.handler.codec.http.HttpHeaders output,
            ServerWebExchange exchange) {
        String[] listed = connectionOptions(input);
        boolean chunked = normalizeTransferEncoding && isChunked(input.get(HttpHeaderNames.TRANSFER_ENCODING));
        Iterator<Map.Entry<CharSequence, CharSequence>> lines = input.iteratorCharSequence();
        while (lines.hasNext()) {
            Map.Entry<CharSequence, CharSequence> line = lines.next();
            if (forwarded(line.getKey(), listed, chunked)) {
                output.add(line.getKey(), line.getValue());
            }
        }
        if (needsTrailers(input.get(HttpHeaderNames.CONTENT_TYPE))) {
            output.add("te", "trailers");
        }
        UnforwardedHeaders.leftOut(exchange);
    }

    /** The upstream's response headers (a fresh copy the routing filter made): hop-by-hop ones removed in place. */
    private HttpHeaders filterResponse(HttpHeaders input) {
        String[] listed = connectionOptions(input);
        List<String> drop = null;
        for (String name : input.headerNames()) {
            if (isHopByHop(name, listed)) {
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
            output = HttpHeaders.copyOf(input);
            drop.forEach(output::remove);
        }
        return output;
    }

    /**
     * The same as {@link #filter} on a response's headers, from the upstream's Netty headers straight into
     * the response's: every kept header line is added to {@code output}.
     *
     * @return the names added, read only if the gateway has to take them out again (a retried route)
     */
    Set<String> copyResponse(io.netty.handler.codec.http.HttpHeaders input, io.netty.handler.codec.http.HttpHeaders output) {
        String[] listed = connectionOptions(input);
        Iterator<Map.Entry<CharSequence, CharSequence>> lines = input.iteratorCharSequence();
        while (lines.hasNext()) {
            Map.Entry<CharSequence, CharSequence> line = lines.next();
            if (!isHopByHop(line.getKey(), listed)) {
                output.add(line.getKey(), line.getValue());
            }
        }
        return new CopiedNames(this, input, listed);
    }

    private boolean forwarded(CharSequence name, String[] listed, boolean chunked) {
        if (isHopByHop(name, listed)
                // in every spelling an upstream could read as these names (X_Forwarded_Host, ...)
                || dropXForwarded && HeaderNames.startsWithFolded(name, X_FORWARDED_PREFIX)
                || dropForwarded && AsciiString.contentEqualsIgnoreCase(FORWARDED, name)
                || chunked && AsciiString.contentEqualsIgnoreCase(HttpHeaders.CONTENT_LENGTH, name)) {
            return false;
        }
        for (UnforwardedHeaders names : unforwarded) {
            if (names.unforwarded(name)) {
                return false;
            }
        }
        return true;
    }

    boolean isHopByHop(CharSequence name, String[] listed) {
        return hopByHop != null && (contains(hopByHop, name) || contains(listed, name));
    }

    private static boolean contains(String[] names, CharSequence name) {
        for (String candidate : names) {
            if (AsciiString.contentEqualsIgnoreCase(candidate, name)) {
                return true;
            }
        }
        return false;
    }

    /** The header names the {@code Connection} header lists (hop-by-hop for this connection). */
    private String[] connectionOptions(HttpHeaders headers) {
        return hopByHop == null || !headers.containsHeader(HttpHeaders.CONNECTION) ? NONE
                : tokens(headers.getValuesAsList(HttpHeaders.CONNECTION));
    }

    private String[] connectionOptions(io.netty.handler.codec.http.HttpHeaders headers) {
        return hopByHop == null || !headers.contains(HttpHeaderNames.CONNECTION) ? NONE
                : tokens(headers.getAll(HttpHeaderNames.CONNECTION));
    }

    private static String[] tokens(List<String> connection) {
        List<String> names = new ArrayList<>(2);
        for (String value : connection) {
            for (String name : StringUtils.tokenizeToStringArray(value, ",")) {
                names.add(name);
            }
        }
        return names.toArray(NONE);
    }

    private static boolean isChunked(String transferEncoding) {
        return transferEncoding != null && "chunked".equalsIgnoreCase(transferEncoding.trim());
    }

    private boolean needsTrailers(String contentType) {
        return grpcTrailers && StringUtils.startsWithIgnoreCase(contentType, "application/grpc");
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
        return "ProxyHeadersFilter[" + type + ", hopByHop=" + (hopByHop == null ? "none" : String.join(",", hopByHop))
                + ", dropForwarded=" + dropForwarded + ", dropXForwarded=" + dropXForwarded + ", normalizeTransferEncoding="
                + normalizeTransferEncoding + ", grpcTrailers=" + grpcTrailers + ", unforwarded=" + unforwarded.length + "]";
    }

    /** The names {@link #copyResponse} added, worked out only when asked for. */
    private static final class CopiedNames extends AbstractSet<String> {

        private final ProxyHeadersFilter filter;

        private final io.netty.handler.codec.http.HttpHeaders input;

        private final String[] listed;

        private Set<String> names;

        CopiedNames(ProxyHeadersFilter filter, io.netty.handler.codec.http.HttpHeaders input, String[] listed) {
            this.filter = filter;
            this.input = input;
            this.listed = listed;
        }

        private Set<String> names() {
            if (names == null) {
                names = new LinkedHashSet<>();
                for (String name : input.names()) {
                    if (!filter.isHopByHop(name, listed)) {
                        names.add(name);
                    }
                }
            }
            return names;
        }

        @Override
        public Iterator<String> iterator() {
            return Collections.unmodifiableSet(names()).iterator();
        }

        @Override
        public int size() {
            return names().size();
        }
    }
}
