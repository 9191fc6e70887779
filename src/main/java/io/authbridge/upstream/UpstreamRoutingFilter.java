package io.authbridge.upstream;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.GRPCResponseHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter.Type;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.TimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.util.context.Context;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_HEADER_NAMES;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.ORIGINAL_RESPONSE_CONTENT_TYPE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.isAlreadyRouted;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.setAlreadyRouted;

/**
 * Spring Cloud Gateway's routing filter, doing what it does (same client, same header filters, route
 * timeouts, preserved host, the exchange attributes later filters read) with the headers copied once in
 * each direction. The gateway copies the request headers into a map per header filter, then into Netty's
 * headers, and every iteration of Spring's headers first builds a case-insensitive set of their names;
 * here, when the exchange still holds the server's own request and response, {@link ProxyHeadersFilter}
 * copies the server's Netty headers straight into the client's, and the upstream's response headers
 * straight into the server's response. Other request header filters write into the headers about to be
 * sent: a {@link NettyRequestHeadersFilter} (AuthBridge's identity headers and upstream credential) directly,
 * any other through a Spring view of them. AuthBridge's own decisions never replace the request: the
 * upstream credential ({@link UpstreamAuthorization}) is written by a header filter, and the query without
 * its credential ({@link ForwardedQuery}) into the URL sent here. Only a request a route filter replaced, or
 * a decorated response, takes the gateway's own way; the counts of each way are kept ({@link #onePassCounts}).
 */
final class UpstreamRoutingFilter extends NettyRoutingFilter {

    private static final Class<?> SERVER_REQUEST = serverClass("ReactorServerHttpRequest");

    private static final Class<?> SERVER_RESPONSE = serverClass("ReactorServerHttpResponse");

    private static final Function<Context, Context> SAME_CONTEXT = Function.identity();

    private final HttpClientProperties properties;

    private volatile Filters filters;

    private final LongAdder onePassRequests = new LongAdder();

    private final LongAdder gatewayWayRequests = new LongAdder();

    private final LongAdder onePassResponses = new LongAdder();

    private final LongAdder gatewayWayResponses = new LongAdder();

    UpstreamRoutingFilter(HttpClient httpClient, ObjectProvider<List<HttpHeadersFilter>> headersFilters,
            HttpClientProperties properties) {
        super(httpClient, headersFilters, properties);
        this.properties = properties;
    }

    @Override
    public List<HttpHeadersFilter> getHeadersFilters() {
        return filters().all();
    }

    private Filters filters() {
        Filters resolved = filters;
        if (resolved == null) {
            // resolved on first use, as the gateway does: header filters may depend on beans built after this one
            List<HttpHeadersFilter> all = super.getHeadersFilters();
            resolved = Filters.of(ProxyHeadersFilter.replacingDefaults(all == null ? List.of() : all));
            filters = resolved;
        }
        return resolved;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI requestUrl = exchange.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
        String scheme = requestUrl.getScheme();
        if (isAlreadyRouted(exchange) || !"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            return chain.filter(exchange);
        }
        setAlreadyRouted(exchange);

        ServerHttpRequest request = exchange.getRequest();
        HttpMethod method = HttpMethod.valueOf(request.getMethod().name());
        ForwardedQuery query = ForwardedQuery.toWriteInto(exchange, requestUrl);
        String received = requestUrl.toASCIIString();
        String url = query == null ? received : query.applyTo(received);
        // applyTo answers the same instance when the query stays as it was
        URI target = url == received ? requestUrl : parsed(url);
        boolean parsed = target != null && isParsedAlike(target, url);
        io.netty.handler.codec.http.HttpHeaders outgoing = requestHeaders(exchange);
        boolean preserveHost = exchange.getAttributeOrDefault(PRESERVE_HOST_HEADER_ATTRIBUTE, false);
        Route route = exchange.getRequiredAttribute(GATEWAY_ROUTE_ATTR);

        Flux<HttpClientResponse> responses = getHttpClientMono(route, exchange)
            .flatMapMany(client -> target(client.headers(headers -> {
                headers.add(outgoing);
                // set below, or by Netty from the URL
                headers.remove(HttpHeaderNames.HOST);
                if (preserveHost) {
                    headers.add(HttpHeaderNames.HOST, request.getHeaders().getFirst(HttpHeaders.HOST));
                }
            })
                .request(method), target, url, parsed)
                .send((clientRequest, outbound) -> outbound.send(request.getBody().map(this::getByteBuf)))
                .responseConnection((response, connection) -> {
                    // the response is committed by NettyWriteResponseFilter, after every route filter has run
                    exchange.getAttributes().put(CLIENT_RESPONSE_ATTR, response);
                    exchange.getAttributes().put(CLIENT_RESPONSE_CONN_ATTR, connection);
                    respond(response, exchange);
                    return Mono.just(response);
                }));

        Duration responseTimeout = responseTimeout(route);
        if (responseTimeout != null) {
            responses = responses
                .timeout(responseTimeout, Mono.defer(() -> Mono.error(
                        new TimeoutException("Response took longer than timeout: " + responseTimeout))))
                .onErrorMap(TimeoutException.class,
                        ex -> new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, ex.getMessage(), ex));
        }
        // the client's operators ask for the Reactor context several times per request, and each time every
        // subscriber between them and the server's passes the question on to its own subscriber: the context,
        // captured here when the chain is subscribed, answers them
        return responses.then(chain.filter(exchange)).contextWrite(SAME_CONTEXT);
    }

    /**
     * The client's target: the request URL as the gateway parsed it when the client would read the same endpoint from
     * its text, else the text (the gateway's way), which the client reads with a regular expression on every request.
     */
    private static HttpClient.RequestSender target(HttpClient.RequestSender request, URI requestUrl, String url,
            boolean parsed) {
        return parsed ? request.uri(requestUrl) : request.uri(url);
    }

    /** {@code url} parsed (a request URL with the forwarded query in place of the client's), null if it is no URI. */
    private static URI parsed(String url) {
        try {
            return new URI(url);
        }
        catch (URISyntaxException notParsed) {
            return null;
        }
    }

    /**
     * Whether the client reads the same endpoint (scheme, host, port, path and query) from the parsed URL as from
     * {@code url}, its ASCII text: a URL of ASCII characters only, with a server authority and no user information (a
     * host name with {@code _} has none, and the client's reading of user information differs). Otherwise the text
     * is sent, as the gateway sends it. The client's expression reads a port of two to five digits only, and an empty
     * one ({@code host:}), or a fragment right after the authority, as part of the host: those are sent as text too.
     */
    static boolean isParsedAlike(URI requestUrl, String url) {
        int port = requestUrl.getPort();
        return requestUrl.isAbsolute() && requestUrl.getHost() != null && requestUrl.getRawUserInfo() == null
                && requestUrl.getRawFragment() == null && (port == -1 ? !requestUrl.getRawAuthority().endsWith(":") : port >= 10 && port <= 65535)
                && url.equals(requestUrl.toString());
    }

    /** The headers to send upstream, after every request header filter. */
    private io.netty.handler.codec.http.HttpHeaders requestHeaders(ServerWebExchange exchange) {
        Filters headerFilters = filters();
        io.netty.handler.codec.http.HttpHeaders incoming = serverHeaders(exchange.getRequest());
        if (incoming == null || headerFilters.proxyRequest() == null) {
            gatewayWayRequests.increment();
            return nettyCopy(HttpHeadersFilter.filterRequest(headerFilters.all(), exchange));
        }
        onePassRequests.increment();
        io.netty.handler.codec.http.HttpHeaders outgoing = new DefaultHttpHeaders();
        headerFilters.proxyRequest().copyRequest(incoming, outgoing, exchange);
        for (HttpHeadersFilter filter : headerFilters.otherRequest()) {
            if (filter instanceof NettyRequestHeadersFilter netty) {
                netty.filter(outgoing, exchange);
                continue;
            }
            HttpHeaders view = new HttpHeaders(new Netty4HeadersAdapter(outgoing));
            HttpHeaders filtered = filter.filter(view, exchange);
            if (filtered != view) {
                // a filter answered with headers of its own
                outgoing = nettyCopy(filtered);
            }
        }
        return outgoing;
    }

    /**
     * How many requests and responses had their headers copied by the one pass and how many the gateway's
     * way, since start. Tests read them to check that every mode and credential form stays on the one pass.
     */
    Counts onePassCounts() {
        return new Counts(onePassRequests.sum(), gatewayWayRequests.sum(), onePassResponses.sum(),
                gatewayWayResponses.sum());
    }

    /** Requests and responses whose headers the one pass copied, and those the gateway's way did. */
    record Counts(long onePassRequests, long gatewayWayRequests, long onePassResponses, long gatewayWayResponses) {

        Counts minus(Counts before) {
            return new Counts(onePassRequests - before.onePassRequests, gatewayWayRequests - before.gatewayWayRequests,
                    onePassResponses - before.onePassResponses, gatewayWayResponses - before.gatewayWayResponses);
        }
    }

    /** Spring's headers as the client sends them, as the gateway copies them. */
    private static io.netty.handler.codec.http.HttpHeaders nettyCopy(HttpHeaders headers) {
        io.netty.handler.codec.http.HttpHeaders copy = new DefaultHttpHeaders();
        headers.forEach(copy::set);
        return copy;
    }

    /** Status and headers of the upstream's response onto the exchange's, for the route filters that follow. */
    private void respond(HttpClientResponse upstream, ServerWebExchange exchange) {
        ServerHttpResponse response = exchange.getResponse();
        String contentType = upstream.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        if (StringUtils.hasLength(contentType)) {
            exchange.getAttributes().put(ORIGINAL_RESPONSE_CONTENT_TYPE_ATTR, contentType);
        }
        setStatus(upstream, response);
        // the header filters run after the status is set, so that they can read it

        Filters headerFilters = filters();
        io.netty.handler.codec.http.HttpHeaders target = serverHeaders(response);
        if (target != null && headerFilters.proxyResponse() != null && headerFilters.responsePassThrough()) {
            io.netty.handler.codec.http.HttpHeaders received = upstream.responseHeaders();
            Set<String> added = headerFilters.proxyResponse().copyResponse(received, target);
            if (!headerFilters.otherResponse().isEmpty()) {
                HttpHeadersFilter.filter(headerFilters.otherResponse(), new HttpHeaders(new Netty4HeadersAdapter(received)),
                        exchange, Type.RESPONSE);
            }
            if (!received.contains(HttpHeaderNames.TRANSFER_ENCODING) && received.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                target.remove(HttpHeaderNames.TRANSFER_ENCODING);
            }
            exchange.getAttributes().put(CLIENT_RESPONSE_HEADER_NAMES, added);
            onePassResponses.increment();
            return;
        }
        gatewayWayResponses.increment();
        HttpHeaders headers = new HttpHeaders();
        upstream.responseHeaders().forEach(entry -> headers.add(entry.getKey(), entry.getValue()));
        HttpHeaders filtered = HttpHeadersFilter.filter(headerFilters.all(), headers, exchange, Type.RESPONSE);
        if (!filtered.containsHeader(HttpHeaders.TRANSFER_ENCODING) && filtered.containsHeader(HttpHeaders.CONTENT_LENGTH)) {
            // a response must not have both
            response.getHeaders().remove(HttpHeaders.TRANSFER_ENCODING);
        }
        exchange.getAttributes().put(CLIENT_RESPONSE_HEADER_NAMES, filtered.headerNames());
        response.getHeaders().addAll(filtered);
    }

    private static void setStatus(HttpClientResponse upstream, ServerHttpResponse response) {
        int code = upstream.status().code();
        HttpStatus status = HttpStatus.resolve(code);
        if (status != null) {
            response.setStatusCode(status);
            return;
        }
        while (response instanceof ServerHttpResponseDecorator decorator) {
            response = decorator.getDelegate();
        }
        if (!(response instanceof AbstractServerHttpResponse server)) {
            throw new IllegalStateException("Unable to set status code " + code + " on response of type "
                    + response.getClass().getName());
        }
        server.setRawStatusCode(code);
    }

    /** The route's {@code response-timeout} metadata (negative: none), else the gateway's property, as the gateway reads them. */
    private Duration responseTimeout(Route route) {
        if (route.getMetadata().containsKey(RESPONSE_TIMEOUT_ATTR)) {
            Object value = route.getMetadata().get(RESPONSE_TIMEOUT_ATTR);
            try {
                Long millis = value instanceof Number number ? Long.valueOf(number.longValue())
                        : value == null ? null : Long.valueOf(value.toString());
                return millis != null && millis >= 0 ? Duration.ofMillis(millis) : null;
            }
            catch (NumberFormatException ex) {
                // as the gateway does: a malformed value falls back to the property
            }
        }
        return properties.getResponseTimeout();
    }

    /**
     * The server's own Netty headers behind the exchange's request (through decorations of its body only), or null
     * when a filter replaced the request.
     */
    private static io.netty.handler.codec.http.HttpHeaders serverHeaders(ServerHttpRequest request) {
        while (request instanceof BodyOnlyDecoration && request instanceof ServerHttpRequestDecorator decorator) {
            request = decorator.getDelegate();
        }
        if (request.getClass() == SERVER_REQUEST) {
            HttpServerRequest server = ((AbstractServerHttpRequest) request).getNativeRequest();
            return server.requestHeaders();
        }
        return null;
    }

    /** The server's own Netty response headers, or null when a filter decorated the response. */
    private static io.netty.handler.codec.http.HttpHeaders serverHeaders(ServerHttpResponse response) {
        if (response.getClass() == SERVER_RESPONSE && !response.isCommitted()) {
            HttpServerResponse server = ((AbstractServerHttpResponse) response).getNativeResponse();
            return server.responseHeaders();
        }
        return null;
    }

    private static Class<?> serverClass(String simpleName) {
        try {
            return Class.forName("org.springframework.http.server.reactive." + simpleName, false,
                    UpstreamRoutingFilter.class.getClassLoader());
        }
        catch (ClassNotFoundException ex) {
            // another server or version: every exchange takes the gateway's way
            return Void.class;
        }
    }

    /**
     * The header filters, sorted once: the one-pass filters and the others by direction.
     *
     * @param responsePassThrough whether every other response filter leaves the headers as they are (the
     * gateway's gRPC one only reads them), so that the response headers need no copy of their own
     */
    private record Filters(List<HttpHeadersFilter> all, ProxyHeadersFilter proxyRequest, List<HttpHeadersFilter> otherRequest,
            ProxyHeadersFilter proxyResponse, List<HttpHeadersFilter> otherResponse, boolean responsePassThrough) {

        static Filters of(List<HttpHeadersFilter> all) {
            ProxyHeadersFilter proxyRequest = null;
            ProxyHeadersFilter proxyResponse = null;
            List<HttpHeadersFilter> otherRequest = new ArrayList<>();
            List<HttpHeadersFilter> otherResponse = new ArrayList<>();
            boolean passThrough = true;
            for (HttpHeadersFilter filter : all) {
                boolean proxy = filter instanceof ProxyHeadersFilter;
                if (filter.supports(Type.REQUEST)) {
                    if (proxy) {
                        proxyRequest = (ProxyHeadersFilter) filter;
                    }
                    else if (proxyRequest == null) {
                        // a filter before the one pass: the gateway's way keeps the order
                        return new Filters(all, null, List.of(), null, List.of(), false);
                    }
                    else {
                        otherRequest.add(filter);
                    }
                }
                if (filter.supports(Type.RESPONSE)) {
                    if (proxy) {
                        proxyResponse = (ProxyHeadersFilter) filter;
                    }
                    else {
                        otherResponse.add(filter);
                        passThrough &= filter instanceof GRPCResponseHeadersFilter;
                    }
                }
            }
            return new Filters(all, proxyRequest, List.copyOf(otherRequest), proxyResponse, List.copyOf(otherResponse),
                    passThrough);
        }
    }
}
