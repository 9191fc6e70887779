package io.authbridge.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Load on a running gateway with the quick start routes ({@code config/application.yml}): it logs in as
 * the administrator, mints Bearer tokens through the Exceptionless dialect and permission tokens through
 * the SignalWire dialect, then drives a mix of Bearer, Basic, query-token, public and invalid-credential
 * traffic. Invalid credentials are expected to get 401 (429 once the client's failure budget is spent); a
 * wrong status is a failure.
 *
 * <pre>
 * ./mvnw gatling:test -DbaseUrl=http://127.0.0.1:8080 -DadminEmail=admin@authbridge.local \
 *     -DadminPassword=... -Dusers=50 -Dduration=60 [-DmaxFailedPercent=1 -DmaxP99Ms=250 -Dtokens=5]
 * </pre>
 */
public class AuthBridgeSimulation extends Simulation {

    private static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8080");

    private static final int USERS = Integer.getInteger("users", 20);

    private static final Duration DURATION = Duration.ofSeconds(Integer.getInteger("duration", 30));

    private static final int TOKENS = Integer.getInteger("tokens", 5);

    private static final double MAX_FAILED_PERCENT = Double.parseDouble(System.getProperty("maxFailedPercent", "1"));

    private static final int MAX_P99_MS = Integer.getInteger("maxP99Ms", 250);

    /** Filled by {@link #before()}: the tokens this run minted. */
    private static volatile Provisioned tokens;

    private final HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
        .acceptHeader("application/json")
        .userAgentHeader("authbridge-gatling")
        .disableCaching();

    /** Exceptionless client: a Bearer API key on an Exceptionless route. */
    private final ChainBuilder bearer = exec(http("bearer")
        .get("/api/v2/events")
        .header("Authorization", session -> "Bearer " + pick(tokens.bearer()))
        .check(status().is(200)));

    /** The same API key in the query string, removed by the gateway before forwarding. */
    private final ChainBuilder query = exec(http("query token")
        .get(session -> "/api/v2/events?limit=10&access_token=" + pick(tokens.bearer()))
        .check(status().is(200)));

    /** SignalWire REST: Basic project:token with the messaging permission. */
    private final ChainBuilder basicMessaging = exec(http("basic messaging")
        .get("/api/messaging/messages")
        .header("Authorization", session -> tokens.basicHeader(pick(tokens.basic())))
        .check(status().is(200)));

    /** SignalWire Compatibility API: the project in the path must be the token's. */
    private final ChainBuilder basicLaml = exec(http("basic laml")
        .get(session -> "/api/laml/2010-04-01/Accounts/" + tokens.projectId() + "/Calls")
        .header("Authorization", session -> tokens.basicHeader(pick(tokens.basic())))
        .check(status().is(200)));

    private final ChainBuilder publicRoute = exec(http("public")
        .get("/public/ping")
        .check(status().is(200)));

    /**
     * A flood of tokens the store has never seen: each is a 401 with the challenges, or, once this client has
     * used up its failure budget (authbridge.authentication.failure-limit), a 429 with Retry-After.
     */
    private final ChainBuilder unknownBearer = exec(http("invalid bearer")
        .get("/api/v2/events")
        .header("Authorization", session -> "Bearer " + Provisioned.randomToken())
        .check(status().in(401, 429)));

    /** A real token named with another project in Basic: rejected as unknown. */
    private final ChainBuilder wrongProject = exec(http("invalid basic project")
        .get("/api/messaging/messages")
        .header("Authorization", session -> Provisioned.basic(java.util.UUID.randomUUID().toString(),
                pick(tokens.basic())))
        .check(status().in(401, 429)));

    private final ScenarioBuilder traffic = scenario("mixed credentials")
        .during(DURATION).on(randomSwitch().on(
                percent(35.0).then(bearer),
                percent(15.0).then(query),
                percent(18.0).then(basicMessaging),
                percent(12.0).then(basicLaml),
                percent(5.0).then(publicRoute),
                percent(10.0).then(unknownBearer),
                percent(5.0).then(wrongProject)));

    {
        setUp(traffic.injectOpen(atOnceUsers(USERS))).protocols(protocol)
            .assertions(global().failedRequests().percent().lte(MAX_FAILED_PERCENT),
                    global().responseTime().percentile(99.0).lte(MAX_P99_MS),
                    details("bearer").successfulRequests().count().gt(0L),
                    details("basic messaging").successfulRequests().count().gt(0L));
    }

    @Override
    public void before() {
        tokens = new Management(BASE_URL).provision(System.getProperty("adminEmail", "admin@authbridge.local"),
                System.getProperty("adminPassword"), TOKENS);
        System.out.printf("Provisioned %d Bearer and %d Basic tokens in project %s%n", tokens.bearer().size(),
                tokens.basic().size(), tokens.projectId());
    }

    private static String pick(List<String> list) {
        return list.get(ThreadLocalRandom.current().nextInt(list.size()));
    }
}
