package io.authbridge.scale;

import java.time.Duration;
import java.util.Map;

import io.authbridge.TestCredentials;
import io.authbridge.token.IssuedToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store goes away (a TCP proxy between gateway and PostgreSQL is stopped) and comes back: cached tokens
 * keep working until expire-after-write, uncached ones get 503 in the route's dialect, health shows the store
 * down, and the instance recovers by itself, its listener included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreOutageTest {

    private static final Duration EXPIRE_AFTER_WRITE = Duration.ofSeconds(6);

    private SharedStore store;

    private TcpProxy proxy;

    private GatewayInstance gateway;

    @BeforeEach
    void requireServices() {
        Services.assumePostgres();
    }

    @BeforeAll
    void start() throws Exception {
        if (!Services.postgresAvailable()) {
            return; // every test skips, naming the service (requireServices)
        }
        store = SharedStore.create();
        proxy = new TcpProxy(Services.PG_HOST, Services.PG_PORT);
        proxy.start();
        Map<String, String> properties = store.properties();
        // through the proxy, which the test stops and starts
        properties.put("spring.r2dbc.url", Services.r2dbcUrl("127.0.0.1", proxy.port(), store.database));
        properties.put("authbridge.store.timeout", "1s");
        properties.put("authbridge.token-cache.expire-after-write", EXPIRE_AFTER_WRITE.toSeconds() + "s");
        properties.put("authbridge.token-cache.refresh-after-write", "1s");
        properties.put("authbridge.invalidation.reconnect-delay", "200ms");
        properties.put("authbridge.invalidation.keep-alive-interval", "500ms");
        properties.putAll(GatewayInstance.route(0, "sw", "/sw", store.upstream.baseUrl(), "signalwire"));
        properties.putAll(GatewayInstance.route(1, "ex", "/ex", store.upstream.baseUrl(), "exceptionless"));
        properties.putAll(GatewayInstance.route(2, "laml", "/laml", store.upstream.baseUrl(), "laml"));
        gateway = store.start(properties);
    }

    @AfterAll
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void cachedTokensWorkUncachedGet503AndTheInstanceRecoversByItself() throws Exception {
        IssuedToken cached = gateway.newProjectKey();
        IssuedToken uncached = gateway.newProjectKey();
        assertThat(get("/sw/x", cached.secret()).getStatus().value()).isEqualTo(200);
        assertThat(health()).isEqualTo(200);
        double resyncsBefore = gateway.meters().counter("authbridge.invalidation.resyncs").count();

        proxy.stop();
        long outageStart = System.nanoTime();

        // a cached token keeps working: the failed background refresh keeps the old record
        assertThat(get("/sw/x", cached.secret()).getStatus().value()).isEqualTo(200);
        // a token that is not cached cannot be checked: 503 in the route's dialect, never 200 or 401
        var signalwire = get("/sw/x", uncached.secret());
        assertThat(signalwire.getStatus().value()).isEqualTo(503);
        assertThat(signalwire.getResponseBody().blockFirst()).isEqualTo("{\"error\":\"Service Unavailable\"}");
        var exceptionless = get("/ex/x", uncached.secret());
        assertThat(exceptionless.getStatus().value()).isEqualTo(503);
        assertThat(exceptionless.getResponseHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(exceptionless.getResponseBody().blockFirst()).contains("\"title\":\"Service Unavailable\"",
                "\"status\":503");
        var laml = get("/laml/x", uncached.secret());
        assertThat(laml.getStatus().value()).isEqualTo(503);
        assertThat(laml.getResponseBody().blockFirst()).contains("\"code\":20503", "\"status\":503");
        // health shows the store down
        assertThat(health()).isEqualTo(503);
        // the management APIs answer 503 in their dialects
        var login = gateway.client().post().uri("/api/v2/auth/login").header("Content-Type", "application/json")
            .bodyValue("{\"email\":\"admin@authbridge.local\",\"password\":\"any-password\"}")
            .exchange().returnResult(String.class);
        assertThat(login.getStatus().value()).isEqualTo(503);
        assertThat(login.getResponseBody().blockFirst()).contains("\"title\":\"Service Unavailable\"");
        String basic = TestCredentials.basic(uncached.stored().projectId(), uncached.secret());
        var create = gateway.client().post().uri("/api/project/tokens").header("Authorization", basic)
            .header("Content-Type", "application/json").bodyValue("{\"name\":\"n\",\"permissions\":[\"calling\"]}")
            .exchange().returnResult(String.class);
        assertThat(create.getStatus().value()).isEqualTo(503);
        assertThat(create.getResponseBody().blockFirst()).isEqualTo("{\"error\":\"Service Unavailable\"}");

        // a cached record is trusted at most expire-after-write, then the token gets 503 too
        int status = 200;
        while (status == 200 && System.nanoTime() - outageStart < EXPIRE_AFTER_WRITE.plusSeconds(5).toNanos()) {
            MultiInstancePostgresTest.sleep(200);
            status = get("/sw/x", cached.secret()).getStatus().value();
        }
        long trustedMillis = Duration.ofNanos(System.nanoTime() - outageStart).toMillis();
        assertThat(status).isEqualTo(503);
        assertThat(trustedMillis).isLessThanOrEqualTo(EXPIRE_AFTER_WRITE.plusSeconds(1).toMillis());

        proxy.start();
        long recoveryStart = System.nanoTime();
        status = 503;
        while (status != 200 && System.nanoTime() - recoveryStart < Duration.ofSeconds(15).toNanos()) {
            MultiInstancePostgresTest.sleep(100);
            status = get("/sw/x", uncached.secret()).getStatus().value();
        }
        long recoveredMillis = Duration.ofNanos(System.nanoTime() - recoveryStart).toMillis();
        assertThat(status).as("the instance serves again once the store is back").isEqualTo(200);
        SharedStore.awaitListening(gateway);
        assertThat(gateway.meters().counter("authbridge.invalidation.resyncs").count())
            .as("the listener reconnected and dropped the cache once").isEqualTo(resyncsBefore + 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (health() != 200 && System.nanoTime() < deadline) {
            MultiInstancePostgresTest.sleep(100);
        }
        assertThat(health()).isEqualTo(200);
        System.out.printf("STORE OUTAGE: cached token trusted %d ms into the outage (expire-after-write %s), "
                + "uncached 503 in all three dialects, recovered %d ms after the store returned%n", trustedMillis,
                EXPIRE_AFTER_WRITE, recoveredMillis);
    }

    private org.springframework.test.web.reactive.server.FluxExchangeResult<String> get(String path, String secret) {
        return gateway.client().get().uri(path).header("Authorization", "Bearer " + secret).exchange()
            .returnResult(String.class);
    }

    private int health() {
        return gateway.managementClient().get().uri("/actuator/health").exchange().returnResult(String.class).getStatus().value();
    }
}
