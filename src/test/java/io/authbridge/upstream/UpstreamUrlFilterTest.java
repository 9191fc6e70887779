package io.authbridge.upstream;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

import io.authbridge.credential.CredentialParser;
import io.authbridge.credential.QueryCredentials;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_SCHEME_PREFIX_ATTR;

/**
 * The request URL the fast path builds is the gateway's own, character for character: both filters run on the
 * same generated routes and requests (paths and queries of every character the URI grammar and Spring's builder
 * treat apart, escapes, repeated and nameless parameters, fragments, user information; routes of every kind).
 */
class UpstreamUrlFilterTest {

    private static final int CASES = 40_000;

    private static final String[] ROUTES = { "http://upstream.test:8080", "https://upstream.test", "http://upstream.test",
        "HTTP://Upstream.TEST:81/ignored/path?q=1", "http://127.0.0.1:9", "http://[::1]:8080", "https://user@upstream.test:8443",
        "lb://service", "lb:ws://service", "forward:/local", "ws://upstream.test:80", "http://under_score.test:80/x",
        "no-op://unused", "https://upstream.test:443/" };

    private static final String[] REQUEST_ORIGINS = { "http://gateway.test:8080", "http://127.0.0.1:1",
        "https://gateway.test", "http://[::1]:80", "http://user:pw@gateway.test" };

    /** Characters of paths and queries: the grammar's classes, Spring's builder's separators, and what neither takes. */
    private static final String TEXT = "aZ09-._~!$&'()*+,;=:@/?%%%#[] \u00e9\u4e2d\"<>\\^`{|}";

    private final Random random = new Random(20261207L);

    @Test
    void theRequestUrlIsTheGatewaysOwnForEveryRouteAndRequest() {
        GlobalFilter gateways = new RouteToRequestUrlFilter();
        GlobalFilter fastPath = new UpstreamUrlFilter();
        int compared = 0;
        int concatenated = 0;
        int rewrittenByTheGateway = 0;
        List<String> differences = new ArrayList<>();
        while (compared < CASES) {
            URI request = parsed(randomRequest());
            if (request == null) {
                continue;
            }
            Route route = Route.async().id("r").uri(URI.create(ROUTES[random.nextInt(ROUTES.length)]))
                .asyncPredicate(exchange -> Mono.just(true)).build();
            compared++;
            Outcome expected = run(gateways, route, request);
            Outcome actual = run(fastPath, route, request);
            if (!expected.equals(actual)) {
                differences.add(request + " to " + route.getUri() + ": gateway " + expected + ", fast path " + actual);
            }
            if (UpstreamUrlFilter.requestUrl(route.getUri(), request) != null) {
                concatenated++;
            }
            else if (expected.url != null && expected.url.getRawQuery() != null && request.getRawQuery() != null
                    && !expected.url.getRawQuery().equals(request.getRawQuery())) {
                rewrittenByTheGateway++;
            }
        }
        assertThat(differences).as("requests whose URL differs from the gateway's").isEmpty();
        // the comparison covers both ways: requests built here, and requests the gateway's builder rewrites
        assertThat(concatenated).isGreaterThan(CASES / 5);
        assertThat(rewrittenByTheGateway).isGreaterThan(CASES / 50);
    }

    /**
     * With a query credential taken out, the URL the upstream is sent is the one the gateway's URL becomes once the
     * credential is out ({@link ForwardedQuery#applyTo}, after the gateway's filter), whether the fast path wrote
     * the stripped query when it built the URL or the query is written afterwards.
     */
    @Test
    void theUrlSentWithoutAQueryCredentialIsTheGatewaysUrlWithoutIt() {
        QueryCredentials credentials = new CredentialParser(List.of("access_token", "api_key", "apikey")).queryCredentials();
        GlobalFilter gateways = new RouteToRequestUrlFilter();
        GlobalFilter fastPath = new UpstreamUrlFilter();
        int compared = 0;
        int writtenWhenBuilt = 0;
        List<String> differences = new ArrayList<>();
        while (compared < CASES) {
            URI request = parsed(randomRequestWithCredential());
            String received = request == null ? null : request.getRawQuery();
            String stripped = received == null ? null : credentials.strip(received);
            if (stripped == received) {
                continue;
            }
            Route route = Route.async().id("r").uri(URI.create(ROUTES[random.nextInt(ROUTES.length)]))
                .asyncPredicate(exchange -> Mono.just(true)).build();
            ForwardedQuery query = new ForwardedQuery(received, stripped, credentials::strip);
            compared++;
            String expected = sent(gateways, route, request, query);
            String actual = sent(fastPath, route, request, query);
            if (!Objects.equals(expected, actual)) {
                differences.add(request + " to " + route.getUri() + ": gateway " + expected + ", fast path " + actual);
            }
            if (UpstreamUrlFilter.requestUrl(route.getUri(), request) != null) {
                writtenWhenBuilt++;
            }
        }
        assertThat(differences).as("requests sent a URL other than the gateway's without the credential").isEmpty();
        assertThat(writtenWhenBuilt).isGreaterThan(CASES / 10);
    }

    @Test
    void anOrdinaryRequestToAnHttpRouteIsBuiltByConcatenation() {
        URI route = URI.create("http://upstream.test:8080");

        assertThat(UpstreamUrlFilter.requestUrl(route, URI.create("http://gateway.test/api/v2/x?page=1&limit=10")))
            .hasToString("http://upstream.test:8080/api/v2/x?page=1&limit=10");
        assertThat(UpstreamUrlFilter.requestUrl(route, URI.create("http://gateway.test/a%20b/c?q=%C3%A9&r=")))
            .hasToString("http://upstream.test:8080/a%20b/c?q=%C3%A9&r=");
        assertThat(UpstreamUrlFilter.requestUrl(route, URI.create("http://gateway.test/a?b&b=2"))).isNull();
        assertThat(UpstreamUrlFilter.requestUrl(URI.create("lb://service"), URI.create("http://gateway.test/a"))).isNull();
    }

    private String randomRequest() {
        StringBuilder uri = new StringBuilder(REQUEST_ORIGINS[random.nextInt(REQUEST_ORIGINS.length)]);
        int segments = random.nextInt(4);
        if (segments == 0) {
            uri.append('/');
        }
        for (int i = 0; i < segments; i++) {
            uri.append('/').append(text(random.nextInt(3) == 0 ? TEXT : "abcXYZ019-._~", 6));
        }
        if (random.nextInt(4) != 0) {
            uri.append('?').append(query());
        }
        if (random.nextInt(20) == 0) {
            uri.append('#').append(text("abc", 3));
        }
        return uri.toString();
    }

    /** Credential names in spellings {@link QueryCredentials} takes out, with {@code =} and a secret of query text. */
    private static final String[] CREDENTIALS = { "access_token=", "ACCESS_TOKEN=", "api_key=", "apiKey=", "access%5Ftoken=",
        "access.token=", "access_token[]=", "access%255Ftoken=", "access_token" };

    private String randomRequestWithCredential() {
        StringBuilder uri = new StringBuilder(REQUEST_ORIGINS[random.nextInt(REQUEST_ORIGINS.length)]);
        int segments = random.nextInt(3);
        for (int i = 0; i < segments; i++) {
            uri.append('/').append(text(random.nextInt(3) == 0 ? TEXT : "abcXYZ019-._~", 6));
        }
        String credential = CREDENTIALS[random.nextInt(CREDENTIALS.length)]
                + text(random.nextInt(3) == 0 ? TEXT : "abcXYZ019=%", 12);
        String before = random.nextBoolean() ? "" : query();
        String after = random.nextBoolean() ? "" : query();
        String separator = random.nextInt(5) == 0 ? ";" : "&";
        uri.append(segments == 0 ? "/?" : "?").append(before).append(before.isEmpty() ? "" : separator).append(credential)
            .append(after.isEmpty() ? "" : separator).append(after);
        if (random.nextInt(20) == 0) {
            uri.append('#').append(text("abc", 3));
        }
        return uri.toString();
    }

    private String query() {
        int parameters = random.nextInt(5);
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < parameters; i++) {
            if (i > 0 || random.nextInt(10) == 0) {
                query.append('&');
            }
            String name = random.nextInt(4) == 0 ? "" : random.nextInt(3) == 0 ? "a" : text("abcde", 3);
            query.append(name);
            if (random.nextInt(4) != 0) {
                query.append('=').append(text(random.nextInt(3) == 0 ? TEXT : "abc123%20=+", 5));
            }
        }
        return query.toString();
    }

    private String text(String alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            if (c == '%' && random.nextBoolean()) {
                text.append('%').append("0123456789abcdefABCDEF".charAt(random.nextInt(22)))
                    .append("0123456789abcdefABCDEF".charAt(random.nextInt(22)));
            }
            else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static URI parsed(String text) {
        try {
            return new URI(text);
        }
        catch (URISyntaxException notAUri) {
            return null;
        }
    }

    private static Outcome run(GlobalFilter filter, Route route, URI request) {
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.method(HttpMethod.GET, request));
        exchange.getAttributes().put(GATEWAY_ROUTE_ATTR, route);
        GatewayFilterChain chain = next -> Mono.empty();
        try {
            filter.filter(exchange, chain).block();
        }
        catch (RuntimeException failure) {
            return new Outcome(null, null, failure.getClass().getName());
        }
        return new Outcome(exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR), exchange.getAttribute(GATEWAY_SCHEME_PREFIX_ATTR),
                null);
    }

    /**
     * The URL the routing filter sends after {@code filter} built the request URL, with {@code query} decided for the
     * exchange: the one pass's way ({@link ForwardedQuery#toWriteInto}, then {@link ForwardedQuery#applyTo}); the
     * failure's class name when the filter threw.
     */
    private static String sent(GlobalFilter filter, Route route, URI request, ForwardedQuery query) {
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.method(HttpMethod.GET, request));
        exchange.getAttributes().put(GATEWAY_ROUTE_ATTR, route);
        query.decideFor(exchange);
        try {
            filter.filter(exchange, next -> Mono.empty()).block();
        }
        catch (RuntimeException failure) {
            return failure.getClass().getName();
        }
        URI url = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        if (url == null) {
            return null;
        }
        ForwardedQuery toWrite = ForwardedQuery.toWriteInto(exchange, url);
        return toWrite == null ? url.toASCIIString() : toWrite.applyTo(url.toASCIIString());
    }

    /** What a filter left on the exchange (the URL compared as text), or the failure it threw. */
    private record Outcome(URI url, String schemePrefix, String failure) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Outcome outcome && Objects.equals(text(url), text(outcome.url))
                    && Objects.equals(url, outcome.url) && Objects.equals(schemePrefix, outcome.schemePrefix)
                    && Objects.equals(failure, outcome.failure);
        }

        @Override
        public int hashCode() {
            return Objects.hash(text(url), schemePrefix, failure);
        }

        private static String text(URI url) {
            return url == null ? null : url.toString();
        }
    }
}
