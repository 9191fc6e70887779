package io.authbridge.accesslog;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import io.authbridge.AuthBridge;
import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.authentication.ClientAddress;
import io.authbridge.credential.QueryCredentials;
import io.authbridge.path.ShownPath;
import io.authbridge.server.RefusedBodies;
import io.authbridge.tracing.TraceIds;
import io.authbridge.upstream.ForwardedQuery;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.springframework.beans.factory.DisposableBean;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.http.server.HttpServerResponse;

/**
 * One access-log line per request and the request timer ({@code authbridge.requests}, a latency histogram)
 * by route, auth outcome and status. The line
 * names the token by its public id; the query is logged without credential parameters and no header value
 * is ever logged, so no secret reaches the log. The {@code authbridge.access} logger's level decides whether
 * lines are written; they go to the batched {@link AccessLogWriter}, or, without one, to that logger.
 */
final class AccessLogWebFilter implements WebFilter, Ordered, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger("authbridge.access");

    /** nginx's status for a request whose client went away before it was answered. */
    static final int CLIENT_CLOSED_REQUEST = 499;

    /** Takes the credential parameters out of a raw query. */
    private final UnaryOperator<String> stripCredentials;

    private final MeterRegistry registry;

    /** One timer per route, outcome and status, looked up without building a meter id per request. */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    /** Null when lines go to the logger. */
    private final AccessLogWriter writer;

    /** Whether requests are traced: then the line carries the trace id. */
    private final boolean tracing;

    AccessLogWebFilter(QueryCredentials queryCredentials, MeterRegistry registry, AccessLogWriter writer,
            boolean tracing) {
        this.stripCredentials = queryCredentials::strip;
        this.registry = registry;
        this.writer = writer;
        this.tracing = tracing;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long start = System.nanoTime();
        ServerHttpRequest request = exchange.getRequest();
        BooleanSupplier bodyRefused = RefusedBodies.watch(request);
        return chain.filter(exchange).doFinally(signal -> record(exchange, request, start, signal, bodyRefused));
    }

    private void record(ServerWebExchange exchange, ServerHttpRequest received, long start, SignalType signal,
            BooleanSupplier bodyRefused) {
        // the request as routed: its canonical path (io.authbridge.path), the spelling every handler saw
        ServerHttpRequest request = exchange.getAttributeOrDefault(AuthBridge.CANONICAL_REQUEST_ATTRIBUTE, received);
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        // a body the HTTP server refused was answered 400 by the server itself, whatever the exchange then made of it
        int code = bodyRefused.getAsBoolean() ? 400
                : signal == SignalType.CANCEL && !exchange.getResponse().isCommitted() ? CLIENT_CLOSED_REQUEST
                : signal != SignalType.ON_ERROR && switchedToWebSocket(exchange) ? 101
                : status == null ? 200 : status.value();
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String routeId = route == null ? "-" : route.getId();
        String outcome = exchange.getAttributeOrDefault(AuthBridge.OUTCOME_ATTRIBUTE, route == null ? "none" : "-");
        long elapsed = System.nanoTime() - start;
        timers.computeIfAbsent(new TimerKey(routeId, outcome, code), this::timer).record(elapsed, TimeUnit.NANOSECONDS);
        if (log.isInfoEnabled()) {
            AuthenticatedPrincipal principal = exchange.getAttribute(AuthBridge.PRINCIPAL_ATTRIBUTE);
            String token = principal == null ? "-" : principal.tokenId().toString();
            // a credential parameter in any spelling is left out, as it is of the upstream's request
            String query = ForwardedQuery.withoutCredentials(exchange, request.getURI().getRawQuery(),
                    stripCredentials);
            String path = ShownPath.of(request.getPath().value());
            String client = Objects.requireNonNullElse(ClientAddress.of(exchange), "-");
            long millis = elapsed / 1_000_000;
            String traceId = tracing ? TraceIds.of(exchange) : null;
            String line = line(request, path, query, code, millis, routeId, outcome, token, client, traceId);
            if (writer != null) {
                writer.write(System.currentTimeMillis(), line);
            }
            else {
                // the fields as key-value pairs too: structured (JSON) logging writes each as a key of its own
                log.atInfo()
                    .setMessage(line)
                    .addKeyValue("method", request.getMethod().name())
                    .addKeyValue("path", path)
                    .addKeyValue("query", query)
                    .addKeyValue("status", code)
                    .addKeyValue("duration_ms", millis)
                    .addKeyValue("route", routeId)
                    .addKeyValue("outcome", outcome)
                    .addKeyValue("token_id", token)
                    .addKeyValue("client_ip", client)
                    .addKeyValue("trace_id", traceId)
                    .log();
            }
        }
    }

    /**
     * Whether the server answered {@code 101} and the connection is a WebSocket now: the exchange's status says
     * {@code 200} (the upgrade is Reactor Netty's, after Spring's response was completed), and the exchange ends
     * with the handshake.
     */
    private static boolean switchedToWebSocket(ServerWebExchange exchange) {
        return ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse()) instanceof HttpServerResponse nettyResponse
                && nettyResponse.isWebsocket();
    }

    /** The line, built in one pre-sized buffer: no parameter formatting on the event loop. */
    private static String line(ServerHttpRequest request, String path, String query, int code, long millis,
            String routeId, String outcome, String token, String client, String traceId) {
        StringBuilder line = new StringBuilder(160).append(request.getMethod().name()).append(' ').append(path);
        if (query != null) {
            line.append('?').append(query);
        }
        line.append(' ').append(code).append(' ').append(millis)
            .append("ms route=").append(routeId)
            .append(" auth=").append(outcome)
            .append(" token=").append(token)
            .append(" ip=").append(client);
        if (traceId != null) {
            line.append(" trace=").append(traceId);
        }
        return line.toString();
    }

    /** Writes the lines still queued. */
    @Override
    public void destroy() {
        if (writer != null) {
            writer.close();
        }
    }

    /**
     * The route id (never a path), one of a handful of outcomes and the status keep the series bounded; the
     * histogram's buckets span 1 ms to 60 s, so that quantiles are computed across instances in Prometheus.
     */
    private Timer timer(TimerKey key) {
        return Timer.builder("authbridge.requests")
            .description("Requests by route, authentication outcome and status, from the first byte read to the last written")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(60))
            .tag("route", key.route())
            .tag("outcome", key.outcome())
            .tag("status", Integer.toString(key.status()))
            .register(registry);
    }

    private record TimerKey(String route, String outcome, int status) {
    }
}
