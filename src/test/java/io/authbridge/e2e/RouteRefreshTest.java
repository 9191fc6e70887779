package io.authbridge.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /actuator/refresh} on the management port re-reads the routes file: a valid set is swapped in
 * while requests keep flowing (none fails, those in flight finish on the route they were matched to), an invalid
 * set is refused with 422 naming the route and argument while the previous routes keep serving, and both are
 * counted in {@code authbridge_route_refreshes_total}.
 */
@TestPropertySource(properties = {
        "spring.config.additional-location=file:target/route-refresh-test/routes.yml",
        // what the test runner passes as "command line" must survive the refresh's re-read, as real arguments do
        "spring.cloud.refresh.additional-property-sources-to-retain=Inlined Test Properties",
        // the upstream's slow path (3 s) answers within it: the request in flight across the swaps must succeed
        "authbridge.upstream.response-timeout=10s" })
class RouteRefreshTest extends GatewayTestSupport {

    @Autowired
    private ConfigurableEnvironment environment;

    private static final Path ROUTES = Path.of("target/route-refresh-test/routes.yml");

    static {
        write(routes("refresh-a", "/refresh-a/**"));
    }

    @Test
    void aValidRouteSetIsSwappedInAndAnInvalidOneRefusedWhileTheOldRoutesServe() {
        write(routes("refresh-a", "/refresh-a/**"));
        assertThat(refresh().status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/refresh-a/x", null).status()).isEqualTo(HttpStatus.OK);

        write(routes("refresh-a", "/refresh-a/**", "- name: Authorize", "  args:", "    scopez: client"));
        Reply refused = refresh();

        assertThat(refused.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        JsonNode problem = refused.json().get("problems").get(0);
        assertThat(refused.json().get("outcome").asString()).isEqualTo("refused");
        assertThat(problem.get("route").asString()).isEqualTo("refresh-a");
        assertThat(problem.get("argument").asString()).isEqualTo("Authorize.scopez");
        assertThat(problem.get("reason").asString()).contains("unknown argument");
        // the previous route serves on, public as it was
        assertThat(httpGet("/refresh-a/x", null).status()).isEqualTo(HttpStatus.OK);

        write(routes("refresh-b", "/refresh-b/**"));
        Reply swapped = refresh();

        assertThat(swapped.status()).as(swapped.text()).isEqualTo(HttpStatus.OK);
        assertThat(swapped.json().get("routes").toString()).contains("refresh-b").doesNotContain("refresh-a");
        assertThat(httpGet("/refresh-b/x", null).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/refresh-a/x", null).status()).isEqualTo(HttpStatus.NOT_FOUND);

        String metrics = managementClient().get().uri("/actuator/prometheus").exchange()
            .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).containsPattern("authbridge_route_refreshes_total\\{outcome=\"success\"[^}]*} [1-9]")
            .containsPattern("authbridge_route_refreshes_total\\{outcome=\"refused\"[^}]*} [1-9]");
    }

    @Test
    void aRefusedRefreshLeavesTheEnvironmentAsItWasAndALaterRefreshDoesNotPickUpItsValues() {
        write(routes("refresh-a", "/refresh-a/**"));
        assertThat(refresh().status()).isEqualTo(HttpStatus.OK);
        String refusedArgument = "spring.cloud.gateway.server.webflux.routes[0].filters[1].args.scopez";

        write(routes("refresh-a", "/refresh-a/**", "- name: Authorize", "  args:", "    scopez: client")
                + "refresh-test:\n  refused-marker: refused\n");
        assertThat(refresh().status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);

        assertThat(environment.getProperty("refresh-test.refused-marker")).isNull();
        assertThat(environment.getProperty(refusedArgument)).isNull();
        assertThat(httpGet("/refresh-a/x", null).status()).isEqualTo(HttpStatus.OK);

        write(routes("refresh-a", "/refresh-a/**") + "refresh-test:\n  unrelated: changed\n");
        Reply later = refresh();

        assertThat(later.status()).as(later.text()).isEqualTo(HttpStatus.OK);
        assertThat(later.json().get("changed_properties").toString()).as("only what changed since the last accepted set")
            .contains("refresh-test.unrelated").doesNotContain("refused-marker").doesNotContain("scopez");
        assertThat(environment.getProperty("refresh-test.unrelated")).isEqualTo("changed");
        assertThat(environment.getProperty("refresh-test.refused-marker")).isNull();
        assertThat(httpGet("/refresh-a/x", null).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void noRequestFailsWhileRoutesAreRefreshedUnderSteadyTraffic() throws Exception {
        write(routes("refresh-a", "/refresh-a/**"));
        assertThat(refresh().status()).isEqualTo(HttpStatus.OK);
        warmUp("/refresh-a/warm-up");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(5);
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            loops.add(clients.submit(() -> {
                while (running.get()) {
                    Reply reply = httpGet("/refresh-a/steady", null);
                    answered.incrementAndGet();
                    if (reply.status() != HttpStatus.OK) {
                        failures.merge(reply.status() + " " + reply.text(), 1, Integer::sum);
                    }
                }
            }));
        }
        // a request in flight across every swap: the upstream answers /slow/ after 3 s, past the swaps below
        Future<Reply> inFlight = clients.submit(() -> send(clientFrom(null), org.springframework.http.HttpMethod.GET,
                "/refresh-a/slow/in-flight", null, null, null));

        for (int i = 0; i < 6; i++) {
            // each set keeps /refresh-a/** (alternately with and without an extra route) and is a real swap
            write(routes("refresh-a", "/refresh-a/**") + (i % 2 == 0 ? extraRoute("refresh-extra-" + i) : ""));
            assertThat(refresh().status()).isEqualTo(HttpStatus.OK);
            Thread.sleep(100);
        }
        running.set(false);
        for (Future<?> loop : loops) {
            loop.get();
        }
        Reply slow = inFlight.get();
        clients.shutdown();

        assertThat(failures).as("answers other than 200 during the refreshes").isEmpty();
        assertThat(answered.get()).isGreaterThan(20);
        assertThat(slow.status()).as("the request in flight across the swaps").isEqualTo(HttpStatus.OK);
    }

    /** The first proxied requests of a context load the client side: not what this test measures. */
    private void warmUp(String path) {
        for (int i = 0; i < 10 && httpGet(path, null).status() != HttpStatus.OK; i++) {
            // again
        }
    }

    private Reply refresh() {
        var result = managementClient().post().uri("/actuator/refresh").exchange().expectBody(String.class).returnResult();
        String text = result.getResponseBody();
        return new Reply(HttpStatus.valueOf(result.getStatus().value()), result.getResponseHeaders(), text);
    }

    /**
     * A routes file with one public route {@code id} at {@code path}, stripping its first segment before the
     * upstream (so {@code /refresh-a/slow/...} is the upstream's slow path), with these extra lines of filter arguments after {@code StripPrefix}.
     */
    private static String routes(String id, String path, String... filterLines) {
        StringBuilder yaml = new StringBuilder("""
                spring.cloud.gateway.server.webflux.routes:
                  - id: %s
                    uri: ${test.upstream.url}
                    predicates:
                      - Path=%s
                    metadata:
                      public: true
                    filters:
                      - StripPrefix=1
                """.formatted(id, path));
        for (String line : filterLines) {
            yaml.append("      ").append(line).append('\n');
        }
        return yaml.toString();
    }

    private static String extraRoute(String id) {
        return """
                  - id: %s
                    uri: ${test.upstream.url}
                    predicates:
                      - Path=/%s/**
                """.formatted(id, id);
    }

    private static void write(String yaml) {
        try {
            Files.createDirectories(ROUTES.getParent());
            Path temporary = ROUTES.resolveSibling("routes.yml.tmp");
            Files.writeString(temporary, yaml);
            Files.move(temporary, ROUTES, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
