package io.authbridge.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logging.structured.format.console} turns every line the process writes into JSON, access lines
 * included, with the access fields as keys of their own. The gateway runs in a JVM of its own: logging is
 * configured once per JVM, from the first line.
 */
class StructuredLogsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static WireMockServer upstream;

    @BeforeAll
    static void startUpstream() {
        upstream = TestUpstream.start();
    }

    @AfterAll
    static void stopUpstream() {
        upstream.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = { "ecs", "logstash" })
    void everyLineIsJsonAndAccessLinesCarryTheirFieldsAsKeys(String format) throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(Map.of("logging.structured.format.console", format,
                "spring.cloud.gateway.server.webflux.routes[0].id", "open",
                "spring.cloud.gateway.server.webflux.routes[0].uri", upstream.baseUrl(),
                "spring.cloud.gateway.server.webflux.routes[0].predicates[0]", "Path=/open/**",
                "spring.cloud.gateway.server.webflux.routes[0].metadata.public", "true"))) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.port() + "/open/structured?limit=5&access_token=NotASecretButRedacted0000000000000"))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);

            JsonNode access = Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> accessLine(gateway.output()), line -> line != null);

            assertThat(access.get("method").asString()).isEqualTo("GET");
            assertThat(access.get("path").asString()).isEqualTo("/open/structured");
            assertThat(access.get("query").asString()).isEqualTo("limit=5");
            assertThat(access.get("status").asInt()).isEqualTo(200);
            assertThat(access.get("duration_ms").isNumber()).isTrue();
            assertThat(access.get("route").asString()).isEqualTo("open");
            assertThat(access.get("outcome").asString()).isEqualTo("rejected"); // an unknown token on a public route: served anonymously
            assertThat(access.get("token_id").asString()).isEqualTo("-");
            assertThat(access.get("client_ip").asString()).isEqualTo("127.0.0.1");
            List<String> lines = gateway.output().stream().filter(line -> !line.isBlank()).toList();
            assertThat(lines).hasSizeGreaterThan(3);
            for (String line : lines) {
                assertThat(line).as("a line of the process").startsWith("{");
                JSON.readTree(line);
            }
            assertThat(String.join("\n", lines)).doesNotContain("NotASecretButRedacted");
        }
    }

    /** The access line, parsed, or null while it has not been written. */
    private static JsonNode accessLine(List<String> output) {
        for (String line : output) {
            if (line.startsWith("{") && line.contains("\"route\"")) {
                JsonNode node = JSON.readTree(line);
                if (node.has("path")) {
                    return node;
                }
            }
        }
        return null;
    }
}
