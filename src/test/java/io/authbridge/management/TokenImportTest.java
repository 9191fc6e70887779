package io.authbridge.management;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.authbridge.directory.Project;
import io.authbridge.e2e.GatewayTestSupport;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import io.authbridge.token.StoredToken;
import io.authbridge.token.TokenHasher;
import io.authbridge.token.TokenKind;
import io.authbridge.token.TokenSecrets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v2/admin/tokens/import}: tokens that clients of an Exceptionless or SignalWire deployment
 * already hold are imported from JSON lines or a JSON array, and then work at once as {@code Bearer} and as
 * {@code Basic project_id:token}; bad rows are refused one by one, a body that is not valid JSON or too long
 * imports nothing, a re-run changes nothing, and no secret is ever answered or audited.
 */
class TokenImportTest extends GatewayTestSupport {

    private static final String IMPORT = "/api/v2/admin/tokens/import";

    private static final String JSON_LINES = "application/x-ndjson";

    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    private TokenHasher hasher;

    @Test
    void thousandsOfImportedTokensWorkAsBearerAndAsBasic() {
        String admin = adminToken();
        Tenant tenant = newTenant("Importer");
        UUID project = tenant.projectId();
        List<String> secrets = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            // Exceptionless keys (40 base62 characters, scopes) and SignalWire tokens (PT + hex, permissions)
            String secret = i % 2 == 0 ? TokenSecrets.exceptionlessStyle() : TokenSecrets.signalWireStyle();
            secrets.add(secret);
            body.append(i % 2 == 0
                    ? "{\"token\":\"%s\",\"project_id\":\"%s\",\"scopes\":[\"client\"],\"notes\":\"key %d\"}\n"
                        .formatted(secret, project, i)
                    : "{\"token\":\"%s\",\"project_id\":\"%s\",\"permissions\":[\"calling\",\"messaging\",\"fax\"],\"name\":\"device %d\"}\n"
                        .formatted(secret, project, i));
        }

        long started = System.nanoTime();
        Reply reply = send(client, HttpMethod.POST, IMPORT, bearer(admin), JSON_LINES, body.toString());
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("IMPORT 3000 rows (JSON lines, H2 in memory) took " + millis + " ms");

        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.OK);
        JsonNode answer = reply.json();
        assertThat(answer.get("imported").asInt()).isEqualTo(3000);
        assertThat(answer.get("refused").asInt()).isZero();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            JsonNode row = answer.get("rows").get(i);
            assertThat(row.get("row").asInt()).isEqualTo(i);
            ids.add(row.get("id").asString());
        }
        assertThat(ids).as("distinct public ids").hasSize(3000);
        for (String secret : secrets) {
            assertThat(reply.text()).doesNotContain(secret);
        }

        for (int i = 0; i < 3000; i += 97) {
            String secret = secrets.get(i);
            String id = answer.get("rows").get(i).get("id").asString();
            upstream.resetRequests();
            Reply asBearer = httpGet("/echo/bearer-" + i, bearer(secret));
            assertThat(asBearer.status()).as("row " + i + " as Bearer").isEqualTo(HttpStatus.OK);
            LoggedRequest received = receivedUpstream();
            assertThat(received.getHeader("X-Auth-Token-Id")).isEqualTo(id);
            assertThat(received.getHeader("X-Auth-Project-Id")).isEqualTo(project.toString());
            assertThat(received.getHeader("X-Auth-Organization-Id")).isEqualTo(tenant.organizationId().toString());
            assertThat(received.getHeader("Authorization")).as("UpstreamAuth basic")
                .isEqualTo(basic(project, secret));

            upstream.resetRequests();
            String calls = "/laml/Accounts/" + project + "/Calls.json";
            Reply asBasic = httpGet(calls, basic(project, secret));
            if (i % 2 == 0) {
                // a client key has no permission: the LaML route wants calling or video
                assertThat(asBasic.status()).as("row " + i + " as Basic on a calling route").isEqualTo(HttpStatus.UNAUTHORIZED);
                assertThat(httpGet("/xl/events", basic(project, secret)).status()).as("row " + i + " as Basic")
                    .isEqualTo(HttpStatus.OK);
            }
            else {
                assertThat(asBasic.status()).as("row " + i + " as Basic").isEqualTo(HttpStatus.OK);
                assertThat(receivedUpstream().getHeader("X-Auth-Permissions")).isEqualTo("calling,fax,messaging");
            }
            assertThat(httpGet("/echo/other-project", basic(UUID.randomUUID(), secret)).status())
                .as("row " + i + " as Basic of another project").isEqualTo(HttpStatus.UNAUTHORIZED);
        }

        JsonNode listed = httpGet("/api/v2/projects/" + project + "/tokens", bearer(admin)).json();
        assertThat(listed).hasSize(3000);
        assertThat(listed.findValuesAsString("notes")).contains("key 0", "key 2998");
        assertThat(listed.findValuesAsString("name")).contains("device 1", "device 2999");
        assertThat(listed.toString()).doesNotContain(secrets.get(0)).doesNotContain(secrets.get(1));
    }

    @Test
    void aJsonArrayImportsAsJsonLinesDo() {
        UUID project = newTenant("Array").projectId();
        String key = TokenSecrets.exceptionlessStyle();
        String sw = TokenSecrets.signalWireStyle();
        String body = """
                [
                  {"token": "%s", "project_id": "%s", "scopes": ["user"], "notes": "admin key",
                   "expires_utc": "%s"},
                  {"token": "%s", "project_id": "%s", "permissions": ["messaging", "fax"], "name": "sms"}
                ]""".formatted(key, project, Instant.now().plus(30, ChronoUnit.DAYS), sw, project);

        Reply reply = send(client, HttpMethod.POST, IMPORT, bearer(adminToken()), "application/json", body);

        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.OK);
        assertThat(reply.json().get("imported").asInt()).isEqualTo(2);
        // user scope: an administrator of the project, with every permission
        assertThat(httpGet("/xl/admin/settings", bearer(key)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/sw/messaging/send", basic(project, key)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/sw/messaging/send", basic(project, sw)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/sw/messaging/send", bearer(sw)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/xl/admin/settings", bearer(sw)).problemTitle(403)).isEqualTo("Forbidden");
    }

    @Test
    void theBodyDecidesItsLayoutWhateverJsonTypeItIsSentAs() {
        UUID project = newTenant("Sniffed").projectId();
        String first = TokenSecrets.exceptionlessStyle();
        String second = TokenSecrets.exceptionlessStyle();
        Reply linesAsJson = send(client, HttpMethod.POST, IMPORT, bearer(adminToken()), "application/json",
                row(first, project) + "\n" + row(second, project) + "\n");
        assertThat(linesAsJson.json().get("imported").asInt()).isEqualTo(2);

        String third = TokenSecrets.exceptionlessStyle();
        Reply arrayAsLines = send(client, HttpMethod.POST, IMPORT, bearer(adminToken()), "application/jsonl",
                "[" + row(third, project) + "]");
        assertThat(arrayAsLines.json().get("imported").asInt()).isEqualTo(1);

        Reply form = send(client, HttpMethod.POST, IMPORT, bearer(adminToken()), "application/x-www-form-urlencoded",
                row(TokenSecrets.exceptionlessStyle(), project));
        assertThat(form.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(form.contentType()).isEqualTo(PROBLEM_JSON);
    }

    @Test
    void reimportingTheSameFileAnswersDuplicatesAndChangesNothing() {
        String admin = adminToken();
        UUID project = newTenant("Rerun").projectId();
        List<String> secrets = List.of(TokenSecrets.exceptionlessStyle(), TokenSecrets.signalWireStyle(),
                TokenSecrets.exceptionlessStyle());
        String body = String.join("\n", secrets.stream().map(secret -> row(secret, project)).toList());
        Reply first = send(client, HttpMethod.POST, IMPORT, bearer(admin), JSON_LINES, body);
        assertThat(first.json().get("imported").asInt()).isEqualTo(3);
        JsonNode before = httpGet("/api/v2/projects/" + project + "/tokens", bearer(admin)).json();

        Reply second = send(client, HttpMethod.POST, IMPORT, bearer(admin), JSON_LINES, body);

        assertThat(second.status()).isEqualTo(HttpStatus.OK);
        assertThat(second.json().get("imported").asInt()).isZero();
        assertThat(second.json().get("refused").asInt()).isEqualTo(3);
        for (JsonNode row : second.json().get("rows")) {
            assertThat(row.get("code").asString()).isEqualTo("duplicate");
            assertThat(row.has("id")).isFalse();
        }
        assertThat(httpGet("/api/v2/projects/" + project + "/tokens", bearer(admin)).json()).isEqualTo(before);
        for (String secret : secrets) {
            assertThat(httpGet("/echo/rerun", bearer(secret)).status()).isEqualTo(HttpStatus.OK);
        }
    }

    @Test
    void aSecretMintedHereIsADuplicateToo() {
        Tenant tenant = newTenant("Minted");
        String minted = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString();

        Reply reply = send(client, HttpMethod.POST, IMPORT, bearer(adminToken()), JSON_LINES, row(minted, tenant.projectId()));

        assertThat(reply.json().get("rows").get(0).get("code").asString()).isEqualTo("duplicate");
    }

    @Test
    void theSameSecretTwiceInOneBodyImportsTheFirstRowOnly() {
        UUID project = newTenant("Twice").projectId();
        String secret = TokenSecrets.exceptionlessStyle();
        String other = TokenSecrets.exceptionlessStyle();
        String body = row(secret, project) + "\n" + row(other, project) + "\n" + row(secret, project) + "\n";

        JsonNode answer = send(client, HttpMethod.POST, IMPORT, bearer(adminToken()), JSON_LINES, body).json();

        assertThat(answer.get("imported").asInt()).isEqualTo(2);
        JsonNode third = answer.get("rows").get(2);
        assertThat(third.get("code").asString()).isEqualTo("duplicate");
        assertThat(third.get("message").asString()).isEqualTo("The same token is in row 0 of this body.");
        assertThat(third.get("line").asInt()).isEqualTo(3);
        assertThat(httpGet("/echo/twice", bearer(secret)).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void badRowsAreRefusedOneByOneAndTheOthersImported() {
        UUID project = newTenant("Bad Rows").projectId();
        String good = TokenSecrets.exceptionlessStyle();
        String goodToo = TokenSecrets.signalWireStyle();
        List<String> rows = List.of(
                row(good, project),
                "{\"token\":\"short-secret-1234\",\"project_id\":\"" + project + "\"}",
                row(TokenSecrets.exceptionlessStyle(), UUID.randomUUID()),
                "{\"token\":\"" + TokenSecrets.exceptionlessStyle() + "\",\"project_id\":\"" + project + "\",\"scopes\":[\"admin\"]}",
                "{\"token\":\"" + TokenSecrets.exceptionlessStyle() + "\",\"project_id\":\"" + project + "\",\"permissions\":[\"voice\"]}",
                "{\"token\":\"" + TokenSecrets.exceptionlessStyle() + "\"}",
                "{\"token\":\"" + TokenSecrets.exceptionlessStyle() + "\",\"project_id\":\"not-a-uuid\"}",
                "{\"token\":\"" + TokenSecrets.exceptionlessStyle() + "\",\"project_id\":\"" + project
                        + "\",\"expires_utc\":\"2001-01-01T00:00:00Z\"}",
                "{\"token\":\"" + TokenSecrets.exceptionlessStyle() + "\",\"project_id\":\"" + project
                        + "\",\"expires_utc\":\"next week\"}",
                "{\"token\":\"" + TokenSecrets.exceptionlessStyle() + "\",\"project_id\":\"" + project + "\",\"is_disabled\":true}",
                "{\"token\":\"has a space in it somewhere\",\"project_id\":\"" + project + "\"}",
                "{\"project_id\":\"" + project + "\"}",
                "\"just a string\"",
                row(goodToo, project));

        Reply reply = send(client, HttpMethod.POST, IMPORT, bearer(adminToken()), JSON_LINES, String.join("\n", rows));

        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.OK);
        JsonNode answer = reply.json();
        assertThat(answer.get("imported").asInt()).isEqualTo(2);
        assertThat(answer.get("refused").asInt()).isEqualTo(12);
        List<String> codes = new ArrayList<>();
        for (JsonNode row : answer.get("rows")) {
            codes.add(row.has("code") ? row.get("code").asString() : "imported");
        }
        assertThat(codes).containsExactly("imported", "token_too_short", "unknown_project", "invalid_scopes",
                "invalid_permissions", "missing_project_id", "invalid_project_id", "invalid_expires_utc",
                "invalid_expires_utc", "unknown_field", "invalid_token", "missing_token", "not_an_object", "imported");
        assertThat(answer.get("rows").get(9).get("message").asString()).contains("\"is_disabled\"");
        assertThat(answer.get("rows").get(2).get("line").asInt()).isEqualTo(3);
        assertThat(httpGet("/echo/good", bearer(good)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/echo/good", basic(project, goodToo)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/echo/short", bearer("short-secret-1234")).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void brokenJsonInTheMiddleImportsNothingNotEvenTheRowsBeforeIt() {
        String admin = adminToken();
        UUID project = newTenant("Broken").projectId();
        String before = TokenSecrets.exceptionlessStyle();
        String broken = TokenSecrets.exceptionlessStyle();
        String body = row(before, project) + "\n" + row(TokenSecrets.exceptionlessStyle(), project) + "\n"
                + "{\"token\":\"" + broken + "\",\"project_id\":" + project + "}\n" + row(TokenSecrets.exceptionlessStyle(), project);

        Reply reply = send(client, HttpMethod.POST, IMPORT, bearer(admin), JSON_LINES, body);

        assertThat(reply.problemTitle(400)).startsWith("The body is not valid JSON at row 2 (line 3, column ")
            .endsWith(": nothing was imported.");
        assertThat(reply.text()).doesNotContain(broken).doesNotContain(before);
        assertThat(httpGet("/echo/before", bearer(before)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(httpGet("/api/v2/projects/" + project + "/tokens", bearer(admin)).json()).isEmpty();

        Reply truncated = send(client, HttpMethod.POST, IMPORT, bearer(admin), "application/json",
                "[" + row(before, project) + ",");
        assertThat(truncated.problemTitle(400)).contains("not valid JSON");
        assertThat(send(client, HttpMethod.POST, IMPORT, bearer(admin), JSON_LINES, "").problemTitle(400))
            .isEqualTo("A non-empty request body is required.");
        assertThat(send(client, HttpMethod.POST, IMPORT, bearer(admin), "application/json", "{\"rows\":[]}").status())
            .as("an object that is no row is refused as a row").isEqualTo(HttpStatus.OK);
    }

    @Test
    void moreThanTenThousandRowsImportNothing() {
        String admin = adminToken();
        UUID project = newTenant("Too Many").projectId();
        String first = TokenSecrets.exceptionlessStyle();
        StringBuilder body = new StringBuilder(row(first, project)).append('\n');
        for (int i = 1; i <= 10_000; i++) {
            body.append(row(TokenSecrets.exceptionlessStyle(), project)).append('\n');
        }

        Reply reply = send(client, HttpMethod.POST, IMPORT, bearer(admin), JSON_LINES, body.toString());

        assertThat(reply.problemTitle(413))
            .isEqualTo("More than 10000 rows: nothing was imported. Send at most 10000 rows per call.");
        assertThat(httpGet("/echo/first", bearer(first)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(httpGet("/api/v2/projects/" + project + "/tokens", bearer(admin)).json()).isEmpty();
    }

    @Test
    void aSecretTriedBeforeItsImportWorksRightAfterIt() {
        UUID project = newTenant("Early").projectId();
        String secret = TokenSecrets.signalWireStyle();
        // the gateway now remembers the secret as unknown (negative-ttl)
        assertThat(httpGet("/echo/early", basic(project, secret)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);

        send(client, HttpMethod.POST, IMPORT, bearer(adminToken()), JSON_LINES, row(secret, project));

        assertThat(httpGet("/echo/early", basic(project, secret)).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void anImportedTokenIsManagedLikeAnyKey() {
        String admin = adminToken();
        UUID project = newTenant("Managed").projectId();
        String secret = randomSecret(32);
        JsonNode answer = send(client, HttpMethod.POST, IMPORT, bearer(admin), JSON_LINES,
                "{\"token\":\"" + secret + "\",\"project_id\":\"" + project + "\",\"notes\":\"from the old system\"}").json();
        String id = answer.get("rows").get(0).get("id").asString();

        assertThat(httpPatch("/api/v2/tokens/" + id, bearer(admin), Map.of("is_disabled", true)).status())
            .isEqualTo(HttpStatus.OK);

        assertThat(httpGet("/echo/managed", bearer(secret)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void onlyAGlobalAdministratorsLoginImports() {
        Tenant tenant = newTenant("Not Admin");
        String secret = TokenSecrets.exceptionlessStyle();
        String body = row(secret, tenant.projectId());
        String userKey = projectAdministratorKey(tenant);

        assertThat(send(client, HttpMethod.POST, IMPORT, null, JSON_LINES, body).problemTitle(401)).isEqualTo("Unauthorized");
        assertThat(send(client, HttpMethod.POST, IMPORT, bearer(tenant.loginToken()), JSON_LINES, body).problemTitle(403))
            .isEqualTo("Forbidden");
        assertThat(send(client, HttpMethod.POST, IMPORT, bearer(userKey), JSON_LINES, body).problemTitle(403))
            .isEqualTo("Forbidden");
        assertThat(httpGet("/echo/refused", bearer(secret)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void theAuditLogRecordsEveryImportedTokenButNoSecret() {
        String admin = adminToken();
        UUID project = newTenant("Audited Import").projectId();
        String secret = TokenSecrets.exceptionlessStyle();
        String duplicate = TokenSecrets.exceptionlessStyle();
        send(client, HttpMethod.POST, IMPORT, bearer(admin), JSON_LINES, row(duplicate, project));
        JsonNode answer = send(client, HttpMethod.POST, IMPORT, bearer(admin), JSON_LINES,
                row(secret, project) + "\n" + row(duplicate, project)).json();

        JsonNode log = httpGet("/api/v2/admin/audit-log?limit=2", bearer(admin)).json();

        assertThat(log.get(0).get("action").asString()).isEqualTo("token.import.done");
        assertThat(log.get(0).get("details").asString()).isEqualTo("imported 1 of 2 rows, refused {duplicate=1}");
        assertThat(log.get(1).get("action").asString()).isEqualTo("token.import");
        assertThat(log.get(1).get("target_id").asString()).isEqualTo(answer.get("rows").get(0).get("id").asString());
        assertThat(log.get(1).get("details").asString()).isEqualTo("project " + project + " scopes client permissions ");
        assertThat(log.toString()).doesNotContain(secret).doesNotContain(duplicate);
    }

    @Test
    void aBatchHoldingASecretStoredMeanwhileStoresEveryOtherRow() {
        Project project = newProject();
        IssuedToken meanwhile = scopedToken(project, Scope.CLIENT);
        Instant now = Instant.now();
        StoredToken again = new StoredToken(UUID.randomUUID(), meanwhile.stored().secretHash(), TokenKind.ACCESS,
                project.organizationId(), project.id(), null, null, null, Scope.CLIENT.bit(), 0, false, null, null, now,
                now, null);
        String fresh = TokenSecrets.exceptionlessStyle();
        StoredToken other = new StoredToken(UUID.randomUUID(), hasher.hash(fresh), TokenKind.ACCESS,
                project.organizationId(), project.id(), null, null, null, Scope.CLIENT.bit(), 0, false, null, null, now,
                now, null);

        List<Boolean> stored = tokens.storeImported(List.of(again, other)).block();

        assertThat(stored).containsExactly(false, true);
        assertThat(httpGet("/echo/fallback", bearer(fresh)).status()).isEqualTo(HttpStatus.OK);
        assertThat(tokens.findById(again.id()).blockOptional()).isEmpty();
    }

    private static String row(String secret, UUID project) {
        return "{\"token\":\"" + secret + "\",\"project_id\":\"" + project + "\"}";
    }

    /** A secret of another system's making: printable ASCII with punctuation. */
    private static String randomSecret(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/=";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
