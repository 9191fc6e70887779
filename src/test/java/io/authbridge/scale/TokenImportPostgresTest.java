package io.authbridge.scale;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.authbridge.token.TokenSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token import on a PostgreSQL store shared by two instances: 10,000 rows (the most one call takes) are
 * written in batches through one instance, and the other accepts them at once as {@code Bearer} and
 * {@code Basic}, including a secret it had just remembered as unknown (the batch's change notices reach it);
 * a re-run answers every row as a duplicate and adds no row.
 */
class TokenImportPostgresTest {

    private static final String PASSWORD = "import-admin-password";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final TwoInstances instances = new TwoInstances((properties, upstream) -> {
        properties.put("authbridge.bootstrap.admin-password", PASSWORD);
        // the bootstrap administrator's password hash and first queries, on a machine shared with other builds
        properties.put("authbridge.store.timeout", "10s");
        properties.putAll(GatewayInstance.route(0, "api", "/api", upstream, "signalwire"));
    });

    @Test
    void tenThousandImportedRowsWorkOnTheOtherInstanceAndARerunChangesNothing() {
        String admin = login(instances.a());
        String project = JSON.readTree(get(instances.a(), "/api/v2/projects", "Bearer " + admin)).get(0).get("id")
            .asString();
        List<String> secrets = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            String secret = i % 2 == 0 ? TokenSecrets.exceptionlessStyle() : TokenSecrets.signalWireStyle();
            secrets.add(secret);
            body.append("{\"token\":\"").append(secret).append("\",\"project_id\":\"").append(project)
                .append(i % 2 == 0 ? "\",\"scopes\":[\"client\"]}\n" : "\",\"permissions\":[\"calling\",\"video\"]}\n");
        }
        // the other instance now remembers the last secret as unknown
        assertThat(status(instances.b(), "Bearer " + secrets.get(9_999))).isEqualTo(401);

        long started = System.nanoTime();
        JsonNode first = importRows(admin, body.toString());
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("IMPORT 10000 rows (JSON lines, %d bytes) into PostgreSQL took %d ms%n", body.length(), millis);

        assertThat(first.get("imported").asInt()).isEqualTo(10_000);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (status(instances.b(), "Bearer " + secrets.get(9_999)) != 200 && System.nanoTime() < deadline) {
            MultiInstancePostgresTest.sleep(20);
        }
        assertThat(status(instances.b(), "Bearer " + secrets.get(9_999)))
            .as("a secret the other instance had cached as unknown").isEqualTo(200);
        for (int i = 0; i < 10_000; i += 331) {
            assertThat(status(instances.b(), "Bearer " + secrets.get(i))).as("row " + i + " as Bearer").isEqualTo(200);
            assertThat(status(instances.b(), basic(project, secrets.get(i)))).as("row " + i + " as Basic")
                .isEqualTo(200);
        }

        started = System.nanoTime();
        JsonNode again = importRows(admin, body.toString());
        millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("IMPORT 10000 duplicate rows into PostgreSQL took %d ms%n", millis);

        assertThat(again.get("imported").asInt()).isZero();
        assertThat(again.get("refused").asInt()).isEqualTo(10_000);
        assertThat(again.get("rows").get(1234).get("code").asString()).isEqualTo("duplicate");
        assertThat(JSON.readTree(get(instances.a(), "/api/v2/projects/" + project + "/tokens", "Bearer " + admin)))
            .as("tokens of the project").hasSize(10_000);
    }

    private JsonNode importRows(String admin, String body) {
        var result = patient(instances.a()).post().uri("/api/v2/admin/tokens/import")
            .header("Authorization", "Bearer " + admin)
            .header("Content-Type", "application/x-ndjson")
            .bodyValue(body)
            .exchange()
            .expectStatus().isEqualTo(HttpStatus.OK)
            .expectBody(byte[].class)
            .returnResult();
        return JSON.readTree(result.getResponseBody());
    }

    private static String login(GatewayInstance instance) {
        byte[] answer = instance.client().post().uri("/api/v2/auth/login")
            .header("Content-Type", "application/json")
            .bodyValue("{\"email\":\"admin@authbridge.local\",\"password\":\"" + PASSWORD + "\"}")
            .exchange()
            .expectStatus().isOk()
            .expectBody(byte[].class)
            .returnResult()
            .getResponseBody();
        return JSON.readTree(answer).get("token").asString();
    }

    private static String get(GatewayInstance instance, String uri, String authorization) {
        byte[] answer = patient(instance).get().uri(uri).header("Authorization", authorization).exchange()
            .expectStatus().isOk()
            .expectBody(byte[].class)
            .returnResult()
            .getResponseBody();
        return new String(answer, StandardCharsets.UTF_8);
    }

    /** A client for answers of 10,000 rows, which take a while on a machine shared with other builds. */
    private static WebTestClient patient(GatewayInstance instance) {
        return instance.client().mutate()
            .responseTimeout(Duration.ofMinutes(3))
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(32 * 1024 * 1024))
            .build();
    }

    private static int status(GatewayInstance instance, String authorization) {
        return instance.client().get().uri("/api/thing").header("Authorization", authorization).exchange()
            .returnResult(String.class).getStatus().value();
    }

    private static String basic(String project, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((project + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
