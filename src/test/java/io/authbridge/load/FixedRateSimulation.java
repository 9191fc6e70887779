package io.authbridge.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * Latency at a fixed request rate (Gatling's open model: new users arrive at a constant rate whatever the
 * gateway's answers take, so a slow path cannot slow its own load down as a closed loop of connections
 * would), on several paths at once, each path's share of the rate the same. Each user sends one request on a
 * kept-alive connection of the shared pool. The p99 of every path is printed through assertions (Gatling's
 * "actual" value, in milliseconds); {@code bench/latency.sh} and {@code bench/run.sh} compare them with the
 * public route's. The tokens come with the paths: this runs against a gateway whose store the bench seeded.
 *
 * <pre>
 * ./mvnw gatling:test -Dgatling.simulation=io.authbridge.load.FixedRateSimulation -DbaseUrl=http://127.0.0.1:8080 \
 *     -Drate=4000 -Dduration=60 -Dpaths='public|/public/x|;bearer|/api/v2/x|Bearer TOKEN'
 * </pre>
 */
public class FixedRateSimulation extends Simulation {

    private static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8080");

    /** Requests per second over all paths. */
    private static final double RATE = Double.parseDouble(System.getProperty("rate", "1000"));

    private static final Duration DURATION = Duration.ofSeconds(Integer.getInteger("duration", 30));

    /** {@code name|path|authorization;...}: an empty authorization sends none. */
    private static final String PATHS = System.getProperty("paths", "public|/public/bench|");

    private final HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
        .userAgentHeader("authbridge-gatling-fixed-rate")
        .shareConnections()
        .disableCaching();

    {
        String[] paths = PATHS.split(";");
        List<PopulationBuilder> populations = new ArrayList<>();
        List<Assertion> assertions = new ArrayList<>();
        assertions.add(global().failedRequests().count().is(0L));
        for (String spec : paths) {
            String[] parts = spec.split("\\|", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("paths: expected name|path|authorization, got a part with "
                        + parts.length + " fields");
            }
            String name = parts[0];
            HttpRequestActionBuilder request = http(name).get(parts[1]).check(status().is(200));
            if (!parts[2].isEmpty()) {
                request = request.header("Authorization", parts[2]);
            }
            populations.add(scenario(name).exec(request)
                .injectOpen(constantUsersPerSec(RATE / paths.length).during(DURATION)));
            // never failing: the point is the "actual" value Gatling prints for each
            assertions.add(details(name).responseTime().percentile(99.0).lt(Integer.MAX_VALUE));
            assertions.add(details(name).responseTime().percentile(50.0).lt(Integer.MAX_VALUE));
        }
        setUp(populations).protocols(protocol).assertions(assertions);
    }
}
