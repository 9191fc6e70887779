package io.authbridge.ratelimit;

import io.authbridge.authentication.ClientAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.authbridge.AuthBridge;
import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.error.GatewayError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * {@code RateLimit}: at most {@code limit} requests per {@code period} for each token, project or
 * organization on this route. Every answer of the route carries {@code X-RateLimit-Limit} and
 * {@code X-RateLimit-Remaining}; a request over the budget is answered 429 in the route's dialect with
 * {@code Retry-After}. Budgets are per route and counted in this instance, or in Redis when
 * {@code authbridge.rate-limit.redis-url} is set. A caller without a principal (on a public route) is
 * counted by client address.
 *
 * <pre>
 * filters:
 *   - name: RateLimit
 *     args: { limit: 100, period: 1m, per: project }
 * </pre>
 */
public class RateLimitGatewayFilterFactory extends AbstractGatewayFilterFactory<RateLimitGatewayFilterFactory.Config> {

    /** Requests allowed per period (at least 1). */
    public static final String LIMIT_KEY = "limit";

    /** Length of one window, e.g. {@code 1s}, {@code 1m}, {@code 1h}. */
    public static final String PERIOD_KEY = "period";

    /** Whose budget a request draws on: {@code token}, {@code project} or {@code organization}. */
    public static final String PER_KEY = "per";

    static final String LIMIT_HEADER = "X-RateLimit-Limit";

    static final String REMAINING_HEADER = "X-RateLimit-Remaining";

    private final RateLimiter limiter;

    private final ErrorResponseWriter errors;

    private final MeterRegistry meters;

    RateLimitGatewayFilterFactory(RateLimiter limiter, ErrorResponseWriter errors, MeterRegistry meters) {
        super(Config.class);
        this.limiter = limiter;
        this.errors = errors;
        this.meters = meters;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of(LIMIT_KEY, PERIOD_KEY, PER_KEY);
    }

    @Override
    public GatewayFilter apply(Config config) {
        long limit = config.getLimit();
        Duration period = config.getPeriod();
        Per per = Per.fromWireName(config.getPer());
        if (limit < 1) {
            throw new IllegalArgumentException("RateLimit: limit must be at least 1, not " + limit);
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("RateLimit: period must be a positive duration, not " + period);
        }
        String limitText = Long.toString(limit);
        return new GatewayFilter() {
            @Override
            public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
                Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
                String routeId = route == null ? "-" : route.getId();
                String key = routeId + ":" + per.keyOf(exchange);
                return limiter.consume(key, limit, period).flatMap(verdict -> {
                    HttpHeaders headers = exchange.getResponse().getHeaders();
                    headers.set(LIMIT_HEADER, limitText);
                    headers.set(REMAINING_HEADER, Long.toString(verdict.remaining()));
                    count(routeId, verdict.allowed() ? "allowed" : "limited");
                    if (verdict.allowed()) {
                        return chain.filter(exchange);
                    }
                    exchange.getAttributes().put(AuthBridge.OUTCOME_ATTRIBUTE, "rate_limited");
                    return errors.write(exchange, GatewayError.TOO_MANY_REQUESTS, verdict.retryAfterSeconds());
                }).onErrorResume(RateLimiterUnavailableException.class, ex -> {
                    count(routeId, "unavailable");
                    return errors.write(exchange, GatewayError.SERVICE_UNAVAILABLE, 1);
                });
            }

            @Override
            public String toString() {
                return filterToStringCreator(RateLimitGatewayFilterFactory.this).append(LIMIT_KEY, limit)
                    .append(PERIOD_KEY, period)
                    .append(PER_KEY, per.wireName())
                    .toString();
            }
        };
    }

    private void count(String routeId, String outcome) {
        Counter.builder("authbridge.ratelimit.decisions")
            .description("Decisions on rate-limited routes: allowed, limited, or unavailable (the shared limiter did not answer)")
            .tag("route", routeId)
            .tag("outcome", outcome)
            .register(meters)
            .increment();
    }

    /** Whose budget a request draws on. */
    public enum Per {
        TOKEN, PROJECT, ORGANIZATION;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The budget's owner: a token, project or organization id; the token when the principal has no such id. */
        String keyOf(ServerWebExchange exchange) {
            AuthenticatedPrincipal principal = exchange.getAttribute(AuthBridge.PRINCIPAL_ATTRIBUTE);
            if (principal == null) {
                String address = ClientAddress.of(exchange);
                return "address:" + (address == null ? "unknown" : address);
            }
            Object owner = switch (this) {
                case TOKEN -> null;
                case PROJECT -> principal.projectId();
                case ORGANIZATION -> principal.organizationId();
            };
            return owner == null ? "token:" + principal.tokenId() : wireName() + ":" + owner;
        }

        static Per fromWireName(String name) {
            for (Per per : values()) {
                if (name != null && per.wireName().equalsIgnoreCase(name.trim())) {
                    return per;
                }
            }
            throw new IllegalArgumentException("RateLimit: per must be token, project or organization, not '" + name + "'");
        }
    }

    /** Per-route arguments. */
    public static class Config {

        private long limit;

        private Duration period = Duration.ofMinutes(1);

        private String per = "token";

        public long getLimit() {
            return limit;
        }

        public void setLimit(long limit) {
            this.limit = limit;
        }

        public Duration getPeriod() {
            return period;
        }

        public void setPeriod(Duration period) {
            this.period = period;
        }

        public String getPer() {
            return per;
        }

        public void setPer(String per) {
            this.per = per;
        }
    }
}
