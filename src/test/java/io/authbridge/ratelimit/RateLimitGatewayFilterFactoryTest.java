package io.authbridge.ratelimit;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Ticker;
import io.authbridge.AuthBridge;
import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.error.ErrorDialect;
import io.authbridge.error.ErrorProperties;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.token.TokenKind;
import io.authbridge.token.TokenRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitGatewayFilterFactoryTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final AtomicInteger forwarded = new AtomicInteger();

    @Test
    void fourthRequestInTheWindowIsRejectedWithRetryAfterAndTheSignalWireBody() {
        GatewayFilter filter = filter(new LocalRateLimiter(1000, Ticker.systemTicker()), 3, "token");
        AuthenticatedPrincipal caller = principal(UUID.randomUUID());
        for (int remaining = 2; remaining >= 0; remaining--) {
            MockServerWebExchange exchange = exchange("signalwire", caller);
            filter.filter(exchange, e -> countForward()).block();
            assertThat(exchange.getResponse().getHeaders().getFirst("X-RateLimit-Limit")).isEqualTo("3");
            assertThat(exchange.getResponse().getHeaders().getFirst("X-RateLimit-Remaining")).isEqualTo("" + remaining);
        }
        MockServerWebExchange limited = exchange("signalwire", caller);
        filter.filter(limited, e -> countForward()).block();
        assertThat(forwarded).hasValue(3);
        assertThat(limited.getResponse().getStatusCode().value()).isEqualTo(429);
        assertThat(limited.getResponse().getHeaders().getFirst("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(limited.getResponse().getHeaders().getFirst("Retry-After"))).isBetween(1L, 60L);
        assertThat(limited.getResponse().getBodyAsString().block()).startsWith(
                "{\"errors\":[{\"type\":\"rate_limit\",\"code\":\"rate_limit_exceeded\"");
    }

    @Test
    void limitedAnswersFollowTheRouteDialect() {
        GatewayFilter filter = filter(new LocalRateLimiter(1000, Ticker.systemTicker()), 1, "project");
        AuthenticatedPrincipal caller = principal(UUID.randomUUID());
        filter.filter(exchange("exceptionless", caller), e -> countForward()).block();
        MockServerWebExchange problem = exchange("exceptionless", caller);
        filter.filter(problem, e -> countForward()).block();
        assertThat(problem.getResponse().getStatusCode().value()).isEqualTo(429);
        assertThat(problem.getResponse().getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(problem.getResponse().getBodyAsString().block()).contains("\"title\":\"Too Many Requests\"",
                "\"status\":429");
        assertThat(problem.getResponse().getHeaders().getFirst("Retry-After")).isNotNull();
        MockServerWebExchange laml = exchange("laml", caller);
        filter.filter(laml, e -> countForward()).block();
        assertThat(laml.getResponse().getBodyAsString().block()).contains("\"code\":20429", "\"status\":429");
    }

    @Test
    void projectBudgetIsSharedByTheTokensOfAProjectAndTokenBudgetsAreNot() {
        UUID project = UUID.randomUUID();
        GatewayFilter perProject = filter(new LocalRateLimiter(1000, Ticker.systemTicker()), 1, "project");
        perProject.filter(exchange("signalwire", principal(project)), e -> countForward()).block();
        MockServerWebExchange otherTokenSameProject = exchange("signalwire", principal(project));
        perProject.filter(otherTokenSameProject, e -> countForward()).block();
        assertThat(otherTokenSameProject.getResponse().getStatusCode().value()).isEqualTo(429);

        GatewayFilter perToken = filter(new LocalRateLimiter(1000, Ticker.systemTicker()), 1, "token");
        perToken.filter(exchange("signalwire", principal(project)), e -> countForward()).block();
        MockServerWebExchange otherToken = exchange("signalwire", principal(project));
        perToken.filter(otherToken, e -> countForward()).block();
        assertThat(otherToken.getResponse().getStatusCode()).isNull();
    }

    @Test
    void windowEndsAfterThePeriod() {
        FakeTicker ticker = new FakeTicker();
        LocalRateLimiter limiter = new LocalRateLimiter(1000, ticker);
        assertThat(limiter.count("k", 1, Duration.ofSeconds(10)).allowed()).isTrue();
        Verdict limited = limiter.count("k", 1, Duration.ofSeconds(10));
        assertThat(limited.allowed()).isFalse();
        assertThat(limited.retryAfterSeconds()).isEqualTo(10);
        ticker.advance(Duration.ofSeconds(10));
        assertThat(limiter.count("k", 1, Duration.ofSeconds(10)).allowed()).isTrue();
    }

    @Test
    void unreachableRedisFailsOpenByDefaultAndIsCounted() {
        RedisRateLimiter redis = redis(RateLimitProperties.FailurePolicy.ALLOW);
        try {
            GatewayFilter filter = filter(redis, 1, "token");
            AuthenticatedPrincipal caller = principal(UUID.randomUUID());
            for (int i = 0; i < 3; i++) {
                MockServerWebExchange exchange = exchange("signalwire", caller);
                filter.filter(exchange, e -> countForward()).block();
                assertThat(exchange.getResponse().getHeaders().getFirst("X-RateLimit-Limit")).isEqualTo("1");
            }
            assertThat(forwarded).hasValue(3);
            assertThat(meters.counter("authbridge.ratelimit.redis.failures", "policy", "allow").count()).isEqualTo(3);
        }
        finally {
            redis.destroy();
        }
    }

    @Test
    void unreachableRedisFailsClosedWith503WhenConfigured() {
        RedisRateLimiter redis = redis(RateLimitProperties.FailurePolicy.DENY);
        try {
            MockServerWebExchange exchange = exchange("signalwire", principal(UUID.randomUUID()));
            filter(redis, 5, "token").filter(exchange, e -> countForward()).block();
            assertThat(forwarded).hasValue(0);
            assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(503);
            assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"error\":\"Service Unavailable\"}");
        }
        finally {
            redis.destroy();
        }
    }

    @Test
    void unknownPerIsRejectedAtStartup() {
        RateLimitGatewayFilterFactory factory = new RateLimitGatewayFilterFactory(
                new LocalRateLimiter(10, Ticker.systemTicker()), writer(), meters);
        RateLimitGatewayFilterFactory.Config config = new RateLimitGatewayFilterFactory.Config();
        config.setLimit(1);
        config.setPer("user");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> factory.apply(config))
            .withMessageContaining("token, project or organization");
    }

    private RedisRateLimiter redis(RateLimitProperties.FailurePolicy policy) {
        // port 1: nothing listens there
        return new RedisRateLimiter(new RateLimitProperties("redis://127.0.0.1:1", policy, Duration.ofMillis(500),
                "test:", 100), new LocalRateLimiter(100, Ticker.systemTicker()), meters);
    }

    private reactor.core.publisher.Mono<Void> countForward() {
        forwarded.incrementAndGet();
        return reactor.core.publisher.Mono.empty();
    }

    private GatewayFilter filter(RateLimiter limiter, long limit, String per) {
        RateLimitGatewayFilterFactory.Config config = new RateLimitGatewayFilterFactory.Config();
        config.setLimit(limit);
        config.setPeriod(Duration.ofMinutes(1));
        config.setPer(per);
        GatewayFilter filter = new RateLimitGatewayFilterFactory(limiter, writer(), meters).apply(config);
        assertThat(filter.toString()).contains("limit = " + limit, "per = '" + per + "'");
        return filter;
    }

    private static ErrorResponseWriter writer() {
        return new ErrorResponseWriter(new ErrorProperties(ErrorDialect.SIGNALWIRE));
    }

    private static MockServerWebExchange exchange(String dialect, AuthenticatedPrincipal principal) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/thing"));
        Route route = Route.async().id("limited").uri(URI.create("http://upstream")).predicate(e -> true)
            .metadata(Map.of("dialect", dialect)).build();
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route);
        exchange.getAttributes().put(AuthBridge.PRINCIPAL_ATTRIBUTE, principal);
        return exchange;
    }

    private static AuthenticatedPrincipal principal(UUID projectId) {
        UUID organization = UUID.randomUUID();
        TokenRecord token = new TokenRecord(UUID.randomUUID(), TokenKind.ACCESS, organization, projectId, null, 1, 0,
                false, null, Set.of(), false, true);
        return AuthenticatedPrincipal.of(token, projectId, organization);
    }

    static final class FakeTicker implements Ticker {

        private long nanos;

        @Override
        public long read() {
            return nanos;
        }

        void advance(Duration duration) {
            nanos += duration.toNanos();
        }
    }
}
