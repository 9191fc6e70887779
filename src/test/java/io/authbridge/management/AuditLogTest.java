package io.authbridge.management;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.authbridge.e2e.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code GET /api/v2/admin/audit-log}: every create, change and delete of a token, project, organization or
 * user, and every failed login, with who, what, when and the client address, never a secret; readable by a
 * global administrator only.
 */
class AuditLogTest extends GatewayTestSupport {

    private static final String AUDIT = "/api/v2/admin/audit-log?limit=1000";

    @Test
    void everyChangeIsRecordedWithActorTimeAndAddressButNoSecret() {
        String admin = adminToken();
        Instant started = Instant.now();
        UUID organization = createOrganization(admin, "Audited Org");
        UUID project = createProject(admin, organization, "Audited Project");
        UUID user = createUser(admin, "audited@example.test", "audited-password", false);
        httpPost("/api/v2/organizations/" + organization + "/users/" + user, bearer(admin), null);
        String member = login("audited@example.test", "audited-password");
        String key = createProjectToken(member, project, List.of("user")).get("id").asString();
        httpPatch("/api/v2/tokens/" + key, bearer(member), Map.of("is_disabled", true, "notes", "paused"));
        httpPatch("/api/v2/tokens/" + key, bearer(member), Map.of("is_disabled", false));
        JsonNode signalWire = httpPost("/api/project/tokens", basic(project, member),
                Map.of("name", "sw", "permissions", List.of("messaging"))).json();
        httpPatch("/api/project/tokens/" + signalWire.get("id").asString(), basic(project, member),
                Map.of("permissions", List.of("calling")));
        String subproject = httpPost("/api/projects", basic(project, member), Map.of("name", "Audited Sub")).json()
            .get("id").asString();
        httpDelete("/api/project/tokens/" + signalWire.get("id").asString(), basic(project, member));
        httpDelete("/api/v2/tokens/" + key, bearer(member));
        httpPost("/api/v2/auth/login", null, Map.of("email", "audited@example.test", "password", "wrong-password"));

        Reply reply = httpGet(AUDIT, bearer(admin));

        assertThat(reply.status()).isEqualTo(HttpStatus.OK);
        JsonNode log = reply.json();
        UUID adminId = UUID.fromString(ExceptionlessDirectoryTest.find(httpGet("/api/v2/users", bearer(admin)).json(),
                "email_address", ADMIN_EMAIL).get("id").asString());
        JsonNode organizationCreated = entry(log, "organization.create", organization.toString());
        assertThat(organizationCreated.get("actor_user_id").asString()).isEqualTo(adminId.toString());
        assertThat(organizationCreated.get("client_ip").asString()).isEqualTo("127.0.0.1");
        assertThat(Instant.parse(organizationCreated.get("occurred_utc").asString()))
            .isCloseTo(started, within(60, ChronoUnit.SECONDS));
        assertThat(entry(log, "project.create", project.toString()).get("actor_user_id").asString())
            .isEqualTo(adminId.toString());
        assertThat(entry(log, "project.create", subproject).get("target_type").asString()).isEqualTo("project");
        assertThat(entry(log, "user.create", user.toString()).get("target_type").asString()).isEqualTo("user");
        assertThat(entry(log, "organization.member.add", organization.toString()).get("details").asString())
            .contains(user.toString());
        String keyId = entries(log, "token.create").stream()
            .filter(entry -> entry.path("actor_user_id").asString("").equals(user.toString()))
            .findFirst().orElseThrow().get("target_id").asString();
        assertThat(entries(log, "token.update").stream().map(entry -> entry.get("target_id").asString()))
            .contains(keyId, signalWire.get("id").asString());
        assertThat(entries(log, "token.delete").stream().map(entry -> entry.get("target_id").asString()))
            .contains(keyId, signalWire.get("id").asString());
        JsonNode failed = entries(log, "login.failed").get(0);
        assertThat(failed.get("details").asString()).contains("audited@example.test");
        assertThat(failed.get("client_ip").asString()).isEqualTo("127.0.0.1");
        // secrets never appear: tokens, passwords, hashes
        assertThat(reply.text()).doesNotContain(key, signalWire.get("token").asString(), member, admin,
                "audited-password", "wrong-password", ADMIN_PASSWORD, "$2a$");
    }

    @Test
    void aLoginIsRecordedAsTheCreationOfItsTokenAndALogoutAsItsDeletion() {
        String admin = adminToken();
        createUser(admin, "session@example.test", "session-password", false);
        String session = login("session@example.test", "session-password");
        httpGet("/api/v2/auth/logout", bearer(session));

        JsonNode log = httpGet(AUDIT, bearer(admin)).json();

        JsonNode deleted = entries(log, "token.delete").stream()
            .filter(entry -> "logout".equals(entry.path("details").asString(null)))
            .findFirst().orElseThrow();
        JsonNode created = entry(log, "token.create", deleted.get("target_id").asString());
        assertThat(created.get("actor_user_id").asString()).isEqualTo(deleted.get("actor_user_id").asString());
        assertThat(log.toString()).doesNotContain(session);
    }

    @Test
    void aDeniedLoginIsRecordedToo() {
        String admin = adminToken();
        var from = clientFrom("127.0.0.31");
        for (int attempt = 0; attempt < 6; attempt++) {
            send(from, org.springframework.http.HttpMethod.POST, "/api/v2/auth/login", null, "application/json",
                    Map.of("email", "locked@example.test", "password", "guess-" + attempt));
        }

        JsonNode log = httpGet(AUDIT, bearer(admin)).json();

        assertThat(entries(log, "login.failed").stream()
            .filter(entry -> entry.get("details").asString().contains("locked@example.test"))).hasSize(5);
        JsonNode denied = entries(log, "login.denied").get(0);
        assertThat(denied.get("client_ip").asString()).isEqualTo("127.0.0.31");
        assertThat(log.toString()).doesNotContain("guess-");
    }

    @Test
    void theLogIsNewestFirstAndPaged() {
        String admin = adminToken();
        createOrganization(admin, "Older");
        createOrganization(admin, "Newer");

        JsonNode first = httpGet("/api/v2/admin/audit-log?limit=1", bearer(admin)).json();
        JsonNode second = httpGet("/api/v2/admin/audit-log?limit=1&page=2", bearer(admin)).json();

        assertThat(first).hasSize(1);
        assertThat(second).hasSize(1);
        assertThat(first.get(0).get("id").asLong()).isGreaterThan(second.get(0).get("id").asLong());
        assertThat(first.get(0).get("details").asString()).contains("Newer");
        assertThat(httpGet("/api/v2/admin/audit-log?limit=0", bearer(admin)).problemTitle(422))
            .isEqualTo("One or more validation errors occurred.");
    }

    @Test
    void onlyAGlobalAdministratorsLoginReadsTheLog() {
        Tenant tenant = newTenant("Curious");
        String globalKey = createProjectToken(adminToken(), tenant.projectId(), List.of("global")).get("id").asString();

        assertThat(httpGet(AUDIT, bearer(tenant.loginToken())).problemTitle(403)).isEqualTo("Forbidden");
        assertThat(httpGet(AUDIT, bearer(globalKey)).problemTitle(403)).isEqualTo("Forbidden");
        assertThat(httpGet(AUDIT, null).problemTitle(401)).isEqualTo("Unauthorized");
    }

    private static JsonNode entry(JsonNode log, String action, String targetId) {
        for (JsonNode entry : log) {
            if (action.equals(entry.get("action").asString()) && targetId.equals(entry.path("target_id").asString(null))) {
                assertThat(entry.get("id").isNumber()).isTrue();
                return entry;
            }
        }
        throw new AssertionError("no " + action + " of " + targetId + " in " + log);
    }

    private static List<JsonNode> entries(JsonNode log, String action) {
        List<JsonNode> found = new ArrayList<>();
        log.forEach(entry -> {
            if (action.equals(entry.get("action").asString())) {
                found.add(entry);
            }
        });
        assertThat(found).as(action + " entries").isNotEmpty();
        return found;
    }
}
