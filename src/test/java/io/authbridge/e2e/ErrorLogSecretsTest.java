package io.authbridge.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No secret a request carried reaches the log through a failure: not through a defect's message that quotes the
 * request (its URI, its {@code Authorization} header), not through Spring's checkpoint that names every failure's
 * request with its query, not through the gateway's URI builder quoting a query it could not build, not through
 * the line for an upstream that failed after the response was committed. Every credential form (headers, query
 * parameters in several spellings, lookalikes) against each of these failures; the failure itself is still logged.
 */
@ExtendWith(OutputCaptureExtension.class)
@Import(ErrorLogSecretsTest.Routes.class)
class ErrorLogSecretsTest extends GatewayTestSupport {

    /** The scripted route's upstream: a response whose body the upstream cuts short. */
    @RegisterExtension
    static final ScriptedUpstream.ForEachClass scripted = ScriptedUpstream.forEachClass(target -> new ScriptedUpstream.Step[] {
        ScriptedUpstream.Step.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\npartial"),
        ScriptedUpstream.Step.pause(100), ScriptedUpstream.Step.close() });

    @TestConfiguration
    static class Routes {

        @Bean
        RouteLocator failingRoutes(RouteLocatorBuilder routes, @Value("${test.upstream.url}") String upstream) {
            return routes.routes()
                // a defect whose message quotes the request
                .route("defect", r -> r.path("/defect/**").filters(f -> f.filter((exchange, chain) -> {
                    throw new IllegalStateException("a defect on " + exchange.getRequest().getURI() + " with "
                            + exchange.getRequest().getHeaders().get(HttpHeaders.AUTHORIZATION));
                })).metadata("public", true).uri(upstream))
                // Spring Cloud Gateway's own: a path variable added unescaped to a query it takes as escaped fails to
                // build ("Invalid URI query: ...", the query quoted): the client's request as written, a 400 (a query
                // the builder takes as not escaped is built, and sent)
                .route("items", r -> r.path("/items/{id}").filters(f -> f.addRequestParameter("item", "{id}"))
                    .metadata("public", true).uri(upstream))
                .build();
        }
    }

    @Test
    void noFailureLogsASecretTheRequestCarried(CapturedOutput output) throws IOException {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);
        String secret = token.secret();
        String basic = Base64.getEncoder().encodeToString((project.id() + ":" + secret).getBytes(StandardCharsets.UTF_8));
        List<String[]> forms = List.of(new String[] { "", "Authorization: Bearer " + secret }, new String[] { "",
                "Authorization: Token " + secret }, new String[] { "", "Authorization: Basic " + basic },
                new String[] { "access_token=" + secret, "" }, new String[] { "ACCESS_TOKEN=" + secret, "" },
                new String[] { "x=1&api_key=" + secret + "&y=2", "" }, new String[] { "%61ccess_token=" + secret, "" },
                new String[] { "access.token=" + secret, "" }, new String[] { "access%255Ftoken=" + secret, "" },
                new String[] { "x=%41;apikey=" + secret, "" });
        List<String> failures = new ArrayList<>();
        int refusedQueries = 0;
        int from = output.getAll().length();
        for (String[] form : forms) {
            String query = form[0].isEmpty() ? "" : "?" + form[0];
            String header = form[1].isEmpty() ? "" : form[1] + "\r\n";
            for (String target : List.of("/defect/x" + query, "/items/a%20b" + (query.isEmpty() ? "?q=%41" : query + "&q=%41"),
                    "/scripted/cut" + query)) {
                RawHttp.Answer answer = RawHttp.get(port, target, header);
                refusedQueries += target.startsWith("/items") && answer.status() == 400 ? 1 : 0;
                if (target.startsWith("/defect") && answer.status() != 500
                        || target.startsWith("/items") && answer.status() != 400 && answer.status() != 200) {
                    failures.add(target + " answered " + answer.status());
                }
            }
        }
        // a token in the path (as /api/v2/tokens/{token} takes one), in spellings the gateway makes canonical, and a
        // malformed Authorization value holding a token among other words
        String pathSecret = "PathSecret0123456789abcdefghij";
        for (String target : List.of("/defect//tokens/" + pathSecret, "/defect/a/Tokens/%50athSecret0123456789abcdefghij",
                "/defect/tokens/" + pathSecret + ";v=1")) {
            RawHttp.get(port, target, "");
        }
        RawHttp.get(port, "/defect/malformed", "Authorization: Bearer " + secret + " extra\r\n");
        Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> output.getAll().substring(from).contains("Unexpected failure on GET /defect/malformed"));
        String logged = output.getAll().substring(from);
        assertThat(failures).isEmpty();
        assertThat(refusedQueries).as("queries the gateway's builder refused, answered 400").isPositive();
        // the failures are logged, with what tells them apart
        assertThat(logged).contains("java.lang.IllegalStateException: a defect on http://", "cut short");
        assertThat(logged).as("the log").doesNotContain(secret).doesNotContain(basic).doesNotContain(pathSecret)
            .doesNotContain("athSecret0123456789abcdefghij");
    }
}
