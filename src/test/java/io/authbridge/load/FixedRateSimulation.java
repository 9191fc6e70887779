package io.authbridge.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * printf 'public|/public/x|\nbearer|/api/v2/x|Bearer TOKEN\n' > /tmp/paths
 * ./mvnw gatling:test -Dgatling.simulation=io.authbridge.load.FixedRateSimulation -DbaseUrl=http://127.0.0.1:8080 \
 *     -Drate=4000 -Dduration=60 -DpathsFile=/tmp/paths
 * </pre>
 *
 * The paths come in a file, one {@code name|path|authorization} per line, not in a system property: the
 * plugin quotes a property value holding a space when it forks Gatling's JVM, and the quotes became part of
 * the first name and the last token (401); and a token on a command line is visible to every user's
 * {@code ps}.
 */
public class FixedRateSimulation extends Simulation {

    private static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8080");

    /** Requests per second over all paths. */
    private static final double RATE = Double.parseDouble(System.getProperty("rate", "1000"));

    private static final Duration DURATION = Duration.ofSeconds(Integer.getInteger("duration", 30));

    /**
     * Seconds of the same load before the measured part, under other request names: Gatling's own JVM starts
     * cold, and its first seconds (its JIT, its connection pool filling) would otherwise be the p99 of every path.
     */
    private static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("warmup", 20));

    /** A file of {@code name|path|authorization} lines: an empty authorization sends none. */
    private static final String PATHS_FILE = System.getProperty("pathsFile");

    private final HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
        .userAgentHeader("authbridge-gatling-fixed-rate")
        .shareConnections()
        .disableCaching();

    {
        List<String> paths = paths();
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
            populations.add(scenario("warm-up " + name).exec(request("warm-up " + name, parts))
                .injectOpen(constantUsersPerSec(RATE / paths.size()).during(WARMUP)));
            populations.add(scenario(name).exec(request(name, parts))
                .injectOpen(nothingFor(WARMUP), constantUsersPerSec(RATE / paths.size()).during(DURATION)));
            // never failing: the point is the "actual" value Gatling prints for each
            assertions.add(details(name).responseTime().percentile(99.0).lt(Integer.MAX_VALUE));
            assertions.add(details(name).responseTime().percentile(50.0).lt(Integer.MAX_VALUE));
        }
        setUp(populations).protocols(protocol).assertions(assertions);
    }

    private static HttpRequestActionBuilder request(String name, String[] parts) {
        HttpRequestActionBuilder request = http(name).get(parts[1]).check(status().is(200));
        return parts[2].isEmpty() ? request : request.header("Authorization", parts[2]);
    }

    private static List<String> paths() {
        if (PATHS_FILE == null) {
            return List.of("public|/public/bench|");
        }
        try {
            return Files.readAllLines(Path.of(PATHS_FILE)).stream().filter(line -> !line.isBlank()).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("pathsFile " + PATHS_FILE, ex);
        }
    }
}
