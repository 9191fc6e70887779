package io.authbridge.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

/**
 * Times the wait for the upstream ({@code authbridge.upstream}): from the routing filter's start (a pooled
 * connection acquired or opened, the request sent) until the upstream's status and headers arrived, by route
 * and upstream status ({@code error} when no answer came: refused, reset, timed out). Set beside
 * {@code authbridge.requests}, it tells time spent in the gateway from time spent behind it. It wraps the
 * routing filter from just before it, so the routing code itself stays as it is.
 */
final class UpstreamTimingFilter implements GlobalFilter, Ordered {

    /** Just before the routing filter, which completes once the upstream's response headers are in. */
    static final int ORDER = Ordered.LOWEST_PRECEDENCE - 1;

    private final MeterRegistry registry;

    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    UpstreamTimingFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI url = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        String scheme = url == null ? null : url.getScheme();
        if (route == null || !"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            return chain.filter(exchange);
        }
        long start = System.nanoTime();
        return chain.filter(exchange).doFinally(signal -> {
            if (signal == SignalType.CANCEL) {
                // the client went away: no upstream time to tell
                return;
            }
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            String outcome = signal == SignalType.ON_ERROR || status == null ? "error" : Integer.toString(status.value());
            timers.computeIfAbsent(new Key(route.getId(), outcome), this::timer)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        });
    }

    private Timer timer(Key key) {
        return Timer.builder("authbridge.upstream")
            .description("Waiting for the upstream: from sending the request to its status and headers, by route and upstream status")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(60))
            .tag("route", key.route())
            .tag("status", key.status())
            .register(registry);
    }

    private record Key(String route, String status) {
    }
}
