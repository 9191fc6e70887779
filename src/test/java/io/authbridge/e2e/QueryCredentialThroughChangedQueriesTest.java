package io.authbridge.e2e;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.authbridge.Escapes;
import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.containsEncodedParts;

/**
 * A query credential never reaches the upstream through a route whose filters change the query: not as a parameter
 * of its own, not inside another parameter's value ({@code RemoveRequestParameter} and {@code AddRequestParameter}
 * read only {@code &} as a separator and escape the rest), not escaped once more than the names the gateway
 * recognizes, not behind a {@code ?} a {@code RewritePath} put in. Generated over credential names in every spelling
 * the gateway takes out, surrounding queries, values and routes of the gateway's query-changing filters and of
 * application filters that rebuild the URL after the gateway built it; public routes with any secret, a protected
 * route with a real token. Each request is either sent without the secret (in any decoding) or refused with 400
 * before the upstream.
 */
@Import(QueryCredentialThroughChangedQueriesTest.Routes.class)
class QueryCredentialThroughChangedQueriesTest extends GatewayTestSupport {

    private static final String SECRET = "QuerySecret0123456789abcdefghijklmnopqrs";

    private static final String[] NAMES = { "access_token", "ACCESS_TOKEN", "Api_Key", "apiKey", "apikey", "access%5Ftoken",
        "%61ccess_token", "access.token", "access_token%5B%5D", "access+token", "access%255Ftoken", "access%25255Ftoken" };

    private static final String[][] AROUND = { { "", "" }, { "x=1&", "" }, { "", "&x=1" }, { "x=1;", ";z=2" },
        { "x=a=b&", "&z" }, { "x=%41&", "" }, { "x=1&x=2&", "" }, { "e=&flag&", "" }, { "x=1;", "" }, { "", ";x=1" } };

    private static final String[] VALUE_SUFFIXES = { "", "%3D", "=x" };

    /** Routes whose filters change the query, by the path prefix that reaches them. */
    private static final String[] CHANGING = { "/changed/add", "/changed/remove", "/changed/remove-credential",
        "/changed/rewrite-query", "/changed/rebuilt", "/changed/appended" };

    @TestConfiguration
    static class Routes {

        @Bean
        RouteLocator changedQueryRoutes(RouteLocatorBuilder routes, @Value("${test.upstream.url}") String upstream) {
            return routes.routes()
                .route("changed-add", r -> r.path("/changed/add/**").filters(f -> f.addRequestParameter("added", "1"))
                    .metadata("public", true).uri(upstream))
                .route("changed-remove", r -> r.path("/changed/remove/**").filters(f -> f.removeRequestParameter("x"))
                    .metadata("public", true).uri(upstream))
                .route("changed-remove-credential", r -> r.path("/changed/remove-credential/**")
                    .filters(f -> f.removeRequestParameter("access_token")).metadata("public", true).uri(upstream))
                .route("changed-rewrite-query", r -> r.path("/changed/rewrite-query/**")
                    .filters(f -> f.rewritePath("/changed/rewrite-query/(?<rest>.*)", "/rewritten/${rest}?y=9"))
                    .metadata("public", true).uri(upstream))
                // an application's filter after the gateway built the URL: rebuilt by Spring's builder
                .route("changed-rebuilt", r -> r.path("/changed/rebuilt/**").filters(f -> f.filter(rebuilt(), 10_001))
                    .metadata("public", true).uri(upstream))
                .route("changed-appended", r -> r.path("/changed/appended/**").filters(f -> f.filter(appended(), 10_001))
                    .metadata("public", true).uri(upstream))
                // a redirect the gateway answers itself, with the request's parameters: to another host
                .route("changed-redirect", r -> r.path("/changed/redirect/**")
                    .filters(f -> f.redirect(302, "http://elsewhere.test/x?from=gateway", true)).metadata("public", true)
                    .uri(upstream))
                .route("changed-protected", r -> r.path("/changed/protected/**")
                    .filters(f -> f.addRequestParameter("added", "1")).uri(upstream))
                .build();
        }

        private static GatewayFilter rebuilt() {
            return (exchange, chain) -> {
                URI url = exchange.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
                exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR,
                        UriComponentsBuilder.fromUri(url).queryParam("late", "1").build(containsEncodedParts(url)).toUri());
                return chain.filter(exchange);
            };
        }

        private static GatewayFilter appended() {
            return (exchange, chain) -> {
                URI url = exchange.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
                exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR,
                        URI.create(url + (url.getRawQuery() == null ? "?" : "&") + "late=1"));
                return chain.filter(exchange);
            };
        }
    }

    @Test
    void aQueryCredentialNeverReachesTheUpstreamThroughAFilterThatChangedTheQuery() throws IOException {
        Map<String, int[]> statusesByRoute = new TreeMap<>();
        List<String> leaks = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (String route : CHANGING) {
            for (String name : NAMES) {
                for (String[] around : AROUND) {
                    for (String suffix : VALUE_SUFFIXES) {
                        send(route + "/a?" + around[0] + name + "=" + SECRET + suffix + around[1], SECRET, statusesByRoute,
                                leaks, unexpected);
                    }
                }
            }
        }
        IssuedToken token = scopedToken(newProject(), Scope.CLIENT);
        for (String name : new String[] { "access_token", "ACCESS_TOKEN", "api_key", "apikey", "access%5Ftoken" }) {
            for (String[] around : AROUND) {
                send("/changed/protected/a?" + around[0] + name + "=" + token.secret() + around[1], token.secret(),
                        statusesByRoute, leaks, unexpected);
            }
        }
        assertThat(leaks).as("requests whose upstream received the secret").isEmpty();
        assertThat(unexpected).as("requests answered other than 200, 400, or 401 before the upstream").isEmpty();
        // what can be taken out still goes through on every route; what cannot is refused, on the gateway's filters too
        statusesByRoute.forEach((route, counts) -> assertThat(counts[0]).as("requests of " + route + " sent").isPositive());
        for (String route : List.of("/changed/remove-credential", "/changed/add", "/changed/rewrite-query")) {
            assertThat(statusesByRoute.get(route)[1]).as("requests of " + route + " refused").isPositive();
        }
    }

    @Test
    void aRedirectWithTheRequestsParametersNeverCarriesTheQueryCredentialToItsHost() throws IOException {
        List<String> leaks = new ArrayList<>();
        int redirects = 0;
        for (String name : NAMES) {
            for (String[] around : AROUND) {
                for (String suffix : VALUE_SUFFIXES) {
                    String target = "/changed/redirect/a?" + around[0] + name + "=" + SECRET + suffix + around[1];
                    RawHttp.Answer answer = RawHttp.get(port, target, "");
                    String location = answer.text().lines().filter(line -> line.regionMatches(true, 0, "Location:", 0, 9))
                        .findFirst().orElse("");
                    if (answer.status() == 302 && location.contains("http://elsewhere.test/x?from=gateway")) {
                        redirects++;
                    }
                    if (carries(location, SECRET)) {
                        leaks.add(target.replace(SECRET, "SECRET") + " -> " + location.replace(SECRET, "SECRET"));
                    }
                }
            }
        }
        assertThat(leaks).as("redirects whose Location carried the secret").isEmpty();
        assertThat(redirects).as("redirects to the configured URL, its own parameter kept")
            .isEqualTo(NAMES.length * AROUND.length * VALUE_SUFFIXES.length);
    }

    @Test
    void theFindingsOfTheReviewAreRefusedBeforeTheUpstream() throws IOException {
        for (String target : List.of("/changed/remove-credential/a?x=1;access_token=" + SECRET + ";z=2",
                "/changed/add/a?access%25255Ftoken=" + SECRET + "=x", "/changed/rewrite-query/a?access_token=" + SECRET + "&x=1")) {
            upstream.resetRequests();
            RawHttp.Answer answer = RawHttp.get(port, target, "");
            assertThat(answer.status()).as(target).isEqualTo(400);
            assertThat(upstreamRequests()).as(target).isEmpty();
        }
    }

    @Test
    void aTokenTheClientAlsoSentInThePathOrInAnotherParameterIsNoReasonToRefuse() throws IOException {
        IssuedToken token = scopedToken(newProject(), Scope.CLIENT);
        for (String target : List.of("/changed/protected/api/v2/tokens/" + token.secret() + "?access_token=" + token.secret(),
                "/changed/protected/a?q=" + token.secret() + "&access_token=" + token.secret())) {
            upstream.resetRequests();
            assertThat(RawHttp.get(port, target, "").status()).as(target.replace(token.secret(), "TOKEN")).isEqualTo(200);
            assertThat(receivedUpstream().getUrl()).doesNotContain("access_token");
        }
    }

    @Test
    void aQueryOfManyCredentialValuesIsRefusedWithoutASearch() throws IOException {
        StringBuilder target = new StringBuilder("/changed/add/a?x=1");
        for (int i = 0; i < 9; i++) {
            target.append("&access_token=").append(SECRET).append(i);
        }
        upstream.resetRequests();
        assertThat(RawHttp.get(port, target.toString(), "").status()).isEqualTo(400);
        assertThat(upstreamRequests()).isEmpty();
    }

    private void send(String target, String secret, Map<String, int[]> statusesByRoute, List<String> leaks,
            List<String> unexpected) throws IOException {
        upstream.resetRequests();
        RawHttp.Answer answer = RawHttp.get(port, target, "");
        List<LoggedRequest> received = upstreamRequests();
        String route = target.substring(0, target.indexOf("/a?"));
        int[] counts = statusesByRoute.computeIfAbsent(route, key -> new int[2]);
        for (LoggedRequest request : received) {
            if (carries(request.getUrl(), secret)) {
                leaks.add(target.replace(secret, "SECRET") + " -> " + request.getUrl().replace(secret, "SECRET"));
            }
        }
        if (answer.status() == 200 && received.size() == 1) {
            counts[0]++;
        }
        else if ((answer.status() == 400 || answer.status() == 401) && received.isEmpty()) {
            counts[1]++;
        }
        else {
            unexpected.add(target.replace(secret, "SECRET") + " -> " + answer.status() + ", " + received.size() + " sent");
        }
    }

    /** Whether {@code url} holds {@code secret} as it is or decoded up to five times. */
    private static boolean carries(String url, String secret) {
        String text = url;
        for (int i = 0; i < 6; i++) {
            if (text.contains(secret)) {
                return true;
            }
            text = Escapes.decodeValid(text);
        }
        return false;
    }
}
