package io.authbridge.management.explain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.authbridge.directory.Project;
import io.authbridge.e2e.GatewayTestSupport;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.NewToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.StoredToken;
import io.authbridge.token.TokenChange;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routes and explain APIs answer what the gateway does: each explanation is checked against the same
 * request sent through the gateway to the upstream.
 */
class ExplainApiTest extends GatewayTestSupport {

    private String admin() {
        return adminToken();
    }

    /** A user who is a member of the project's organization only, signed in. */
    private String memberOf(Project project) {
        String email = "member-" + UUID.randomUUID() + "@example.test";
        createUser(admin(), email, "member-password", false, project.organizationId());
        return login(email, "member-password");
    }

    private JsonNode explain(String caller, Object tokenId, String method, String path) {
        return JSON.readTree(explainReply(caller, Map.of("token_id", tokenId.toString(), "method", method, "path", path),
                HttpStatus.OK));
    }

    private String explainReply(String caller, Object body, HttpStatus expected) {
        return client.post().uri("/api/v2/admin/explain").header("Authorization", "Bearer " + caller)
            .header("Content-Type", "application/json").bodyValue(body).exchange()
            .expectStatus().isEqualTo(expected).expectBody(String.class).returnResult().getResponseBody();
    }

    private int realStatus(String method, String path, String authorization) {
        return client.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path)
            .header("Authorization", authorization).exchange().returnResult(String.class).getStatus().value();
    }

    private static List<String> codes(JsonNode explanation) {
        List<String> codes = new ArrayList<>();
        explanation.get("reasons").forEach(reason -> codes.add(reason.get("code").asString()));
        return codes;
    }

    private static List<String> missing(JsonNode explanation, int index) {
        List<String> names = new ArrayList<>();
        explanation.get("reasons").get(index).get("missing").forEach(name -> names.add(name.asString()));
        return names;
    }

    private StoredToken disable(IssuedToken token) {
        StoredToken stored = token.stored();
        return tokens.update(stored.id(), TokenChange.disable(true)).block();
    }

    // ---------------------------------------------------------------- explain

    @Test
    void aTokenWithEveryRequiredPermissionIsAllowedAndTheRequestReachesTheUpstream() {
        Project project = newProject();
        IssuedToken token = permissionToken(project, Permission.MESSAGING, Permission.FAX);

        JsonNode explanation = explain(admin(), token.stored().id(), "POST", "/sw/messaging/send?to=1");

        assertThat(explanation.get("route").asString()).isEqualTo("signalwire-all");
        assertThat(explanation.get("decision").asString()).isEqualTo("allow");
        assertThat(explanation.get("reasons")).isEmpty();
        assertThat(explanation.has("status")).isFalse();
        assertThat(realStatus("POST", "/sw/messaging/send?to=1", bearer(token))).isEqualTo(200);
    }

    @Test
    void aMissingPermissionIsNamedWithTheStatusTheClientGets() {
        Project project = newProject();
        IssuedToken token = permissionToken(project, Permission.MESSAGING);

        JsonNode explanation = explain(admin(), token.stored().id(), "GET", "/sw/messaging/list");

        assertThat(explanation.get("decision").asString()).isEqualTo("deny");
        assertThat(codes(explanation)).containsExactly("missing_permission");
        assertThat(missing(explanation, 0)).containsExactly("fax");
        assertThat(explanation.get("status").asInt()).isEqualTo(401);
        assertThat(realStatus("GET", "/sw/messaging/list", bearer(token))).isEqualTo(401);
    }

    @Test
    void aMissingScopeIsNamedAndIsA403OnAnExceptionlessRoute() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        JsonNode explanation = explain(admin(), token.stored().id(), "GET", "/xl/admin/settings");

        assertThat(explanation.get("route").asString()).isEqualTo("exceptionless-user");
        assertThat(codes(explanation)).containsExactly("missing_scope");
        assertThat(missing(explanation, 0)).containsExactly("user");
        assertThat(explanation.get("status").asInt()).isEqualTo(403);
        assertThat(realStatus("GET", "/xl/admin/settings", bearer(token))).isEqualTo(403);
    }

    @Test
    void aPathNamingAnotherProjectIsExplainedAsOtherProject() {
        Project project = newProject();
        Project other = newProject();
        IssuedToken token = permissionToken(project, Permission.CALLING);
        String path = "/laml/Accounts/" + other.id() + "/Calls.json";

        JsonNode explanation = explain(admin(), token.stored().id(), "GET", path);

        assertThat(explanation.get("route").asString()).isEqualTo("laml");
        assertThat(codes(explanation)).containsExactly("other_project");
        assertThat(explanation.get("reasons").get(0).get("message").asString()).contains(other.id().toString());
        assertThat(realStatus("GET", path, bearer(token))).isEqualTo(401);
        assertThat(explain(admin(), token.stored().id(), "GET", "/laml/Accounts/" + project.id() + "/Calls.json")
            .get("decision").asString()).isEqualTo("allow");
    }

    @Test
    void everyMissingRequirementIsListedNotOnlyTheFirst() {
        Project project = newProject();
        IssuedToken token = permissionToken(project, Permission.FAX);

        JsonNode explanation = explain(admin(), token.stored().id(), "GET", "/laml/Accounts/not-a-project/Calls");

        assertThat(codes(explanation)).containsExactly("missing_any_permission", "other_project");
        assertThat(missing(explanation, 0)).containsExactly("calling", "video");
    }

    @Test
    void aDisabledTokenIsExplainedAsDisabledAndRefusedForReal() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);
        disable(token);

        JsonNode explanation = explain(admin(), token.stored().id(), "GET", "/xl/events");

        assertThat(explanation.get("decision").asString()).isEqualTo("deny");
        assertThat(codes(explanation)).containsExactly("disabled");
        assertThat(explanation.get("status").asInt()).isEqualTo(401);
        assertThat(realStatus("GET", "/xl/events", bearer(token))).isEqualTo(401);
    }

    @Test
    void anExpiredTokenIsExplainedAsExpired() {
        Project project = newProject();
        IssuedToken token = issue(project, Scope.CLIENT.bit(), 0, Instant.now().minusSeconds(5),
                NewToken.SecretStyle.EXCEPTIONLESS);

        assertThat(codes(explain(admin(), token.stored().id(), "GET", "/xl/events"))).containsExactly("expired");
    }

    @Test
    void aDisabledTokenStillPassesAPublicRouteAsAnAnonymousCaller() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);
        disable(token);

        JsonNode explanation = explain(admin(), token.stored().id(), "GET", "/public/page");

        assertThat(explanation.get("route").asString()).isEqualTo("public");
        assertThat(explanation.get("decision").asString()).isEqualTo("allow");
        assertThat(realStatus("GET", "/public/page", bearer(token))).isEqualTo(200);
    }

    @Test
    void traceIsExplainedAsTheGatewayRefusesItBeforeAnyRoute() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        for (String path : List.of("/xl/events", "/public/x", "/nowhere/x")) {
            JsonNode explanation = explain(admin(), token.stored().id(), "TRACE", path);

            assertThat(explanation.get("decision").asString()).as(path).isEqualTo("deny");
            assertThat(explanation.get("status").asInt()).as(path).isEqualTo(405);
            assertThat(codes(explanation)).as(path).containsExactly("method_not_allowed");
            assertThat(realStatus("TRACE", path, bearer(token))).as(path).isEqualTo(405);
        }
        assertThat(explain(admin(), token.stored().id(), "GET", "/public/x").get("decision").asString()).isEqualTo("allow");
    }

    @Test
    void aPathNoRouteServesIsNoRouteWithTheStatusTheClientGets() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        JsonNode explanation = explain(admin(), token.stored().id(), "GET", "/nowhere/at/all");

        assertThat(explanation.get("decision").asString()).isEqualTo("no_route");
        assertThat(explanation.has("route")).isFalse();
        assertThat(codes(explanation)).containsExactly("no_route");
        assertThat(explanation.get("status").asInt()).isEqualTo(realStatus("GET", "/nowhere/at/all", bearer(token)));
    }

    @Test
    void aPathTheGatewayServesItselfIsNoRouteServedByTheGateway() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        JsonNode explanation = explain(admin(), token.stored().id(), "GET", "/api/v2/projects");

        assertThat(explanation.get("decision").asString()).isEqualTo("no_route");
        assertThat(codes(explanation)).containsExactly("served_by_gateway");
    }

    @Test
    void aLoginTokenOnARouteThatSendsBasicUpstreamIsRefusedForWantOfAProject() {
        String admin = admin();

        JsonNode basic = JSON.readTree(explainReply(admin, Map.of("token", admin, "path", "/basic/x"), HttpStatus.OK));
        JsonNode unfiltered = JSON.readTree(explainReply(admin, Map.of("token", admin, "path", "/unfiltered/x"),
                HttpStatus.OK));

        assertThat(codes(basic)).containsExactly("no_project");
        assertThat(basic.get("status").asInt()).isEqualTo(realStatus("GET", "/basic/x", "Bearer " + admin)).isEqualTo(401);
        assertThat(unfiltered.get("decision").asString()).isEqualTo("allow");
        assertThat(realStatus("GET", "/unfiltered/x", "Bearer " + admin)).isEqualTo(200);
    }

    @Test
    void theTokenItselfMayBeGivenInsteadOfItsId() {
        Project project = newProject();
        IssuedToken token = permissionToken(project, Permission.MESSAGING, Permission.FAX);

        JsonNode explanation = JSON.readTree(explainReply(admin(),
                Map.of("token", token.secret(), "method", "GET", "path", "/sw/messaging/x"), HttpStatus.OK));

        assertThat(explanation.get("token_id").asString()).isEqualTo(token.stored().id().toString());
        assertThat(explanation.get("decision").asString()).isEqualTo("allow");
        assertThat(explanation.toString()).doesNotContain(token.secret());
    }

    @Test
    void explainingNeitherChangesNorLeaksIntoTheExplainResponse() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        var result = client.post().uri("/api/v2/admin/explain").header("Authorization", "Bearer " + admin())
            .header("Content-Type", "application/json").header("Origin", "http://elsewhere.example")
            .bodyValue(Map.of("token_id", token.stored().id().toString(), "path", "/xl/events"))
            .exchange().expectStatus().isOk().returnResult(String.class);

        assertThat(result.getResponseHeaders().get("Vary")).isNull();
        assertUpstreamReceivedNothing();
    }

    // ---------------------------------------------------------------- who may ask

    @Test
    void aProjectAdministratorMayExplainTheTokensOfItsOwnProjectsOnly() {
        Project project = newProject();
        Project foreign = newProject();
        String member = memberOf(project);
        IssuedToken own = scopedToken(project, Scope.CLIENT);
        IssuedToken other = scopedToken(foreign, Scope.CLIENT);

        assertThat(explain(member, own.stored().id(), "GET", "/xl/events").get("decision").asString()).isEqualTo("allow");
        String refused = explainReply(member, Map.of("token_id", other.stored().id().toString(), "path", "/xl/events"),
                HttpStatus.NOT_FOUND);
        assertThat(JSON.readTree(refused).get("title").asString()).isEqualTo("Token not found.");
    }

    @Test
    void aClientKeyMayNotExplainAnything() {
        Project project = newProject();
        IssuedToken key = scopedToken(project, Scope.CLIENT);

        client.post().uri("/api/v2/admin/explain").header("Authorization", bearer(key))
            .header("Content-Type", "application/json")
            .bodyValue(Map.of("token_id", key.stored().id().toString(), "path", "/xl/events"))
            .exchange().expectStatus().isForbidden();
        client.get().uri("/api/v2/admin/routes").header("Authorization", bearer(key)).exchange()
            .expectStatus().isForbidden();
        client.get().uri("/api/v2/admin/routes").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void anApiKeyOfAnyScopeIsRefusedAsOnEveryAdministratorOperationAndAGlobalKeySeesOnlyItsOrganization() {
        Project project = newProject();
        Project foreign = newProject();
        IssuedToken other = scopedToken(foreign, Scope.CLIENT);
        for (Scope scope : Scope.values()) {
            IssuedToken key = scopedToken(project, scope);
            String description = "a " + scope + " key";

            JsonNode explained = JSON.readTree(explainReply(key.secret(), Map.of("token_id", key.stored().id().toString(),
                    "path", "/xl/events"), HttpStatus.FORBIDDEN));
            assertThat(explained.get("title").asString()).as(description).isEqualTo("Token authentication cannot explain requests.");
            for (String routes : List.of("/api/v2/admin/routes", "/api/v2/admin/routes?token_id=" + other.stored().id())) {
                String body = client.get().uri(routes).header("Authorization", bearer(key)).exchange()
                    .expectStatus().isForbidden().expectBody(String.class).returnResult().getResponseBody();
                assertThat(body).as(description).contains("Token authentication cannot list routes.").doesNotContain("\"uri\"");
            }
            for (String adminOnly : List.of("/api/v2/admin/audit-log", "/api/v2/users")) {
                client.get().uri(adminOnly).header("Authorization", bearer(key)).exchange().expectStatus().isForbidden();
            }
            if (scope == Scope.CLIENT) {
                continue;
            }
            // what it sees of the directory is its own organization, as any key
            String organizations = client.get().uri("/api/v2/organizations").header("Authorization", bearer(key)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            assertThat(JSON.readTree(organizations)).as(description).hasSize(1);
            assertThat(organizations).as(description).contains(project.organizationId().toString())
                .doesNotContain(foreign.organizationId().toString());
            client.get().uri("/api/v2/projects/" + foreign.id()).header("Authorization", bearer(key)).exchange()
                .expectStatus().isNotFound();
        }
        // the global administrator's login token sees where routes lead and any token
        String admin = admin();
        assertThat(explain(admin, other.stored().id(), "GET", "/xl/events").get("decision").asString()).isEqualTo("allow");
        assertThat(client.get().uri("/api/v2/admin/routes").header("Authorization", bearer(admin)).exchange()
            .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()).contains("\"uri\"");
    }

    @Test
    void badRequestsAreAnsweredWithTheFieldAtFault() {
        String admin = admin();
        JsonNode noPath = JSON.readTree(explainReply(admin, Map.of("token_id", UUID.randomUUID().toString()),
                HttpStatus.UNPROCESSABLE_CONTENT));
        assertThat(noPath.get("errors").has("path")).isTrue();

        for (String path : List.of("relative", "/with space", "http://host/x", "/x#f")) {
            JsonNode bad = JSON.readTree(explainReply(admin, Map.of("token_id", UUID.randomUUID().toString(), "path", path),
                    HttpStatus.UNPROCESSABLE_CONTENT));
            assertThat(bad.get("errors").has("path")).as(path).isTrue();
        }
        JsonNode both = JSON.readTree(explainReply(admin, Map.of("token_id", UUID.randomUUID().toString(), "token", "x",
                "path", "/x"), HttpStatus.UNPROCESSABLE_CONTENT));
        assertThat(both.get("errors").has("token_id")).isTrue();
        JsonNode method = JSON.readTree(explainReply(admin, Map.of("token_id", UUID.randomUUID().toString(),
                "method", "G".repeat(4097), "path", "/x"), HttpStatus.UNPROCESSABLE_CONTENT));
        assertThat(method.get("errors").has("method")).isTrue();
        explainReply(admin, Map.of("token_id", UUID.randomUUID().toString(), "path", "/x"), HttpStatus.NOT_FOUND);
    }

    // ---------------------------------------------------------------- routes

    @Test
    void theRoutesAreListedInOrderWithWhatEachRequires() {
        JsonNode routes = JSON.readTree(client.get().uri("/api/v2/admin/routes").header("Authorization", "Bearer " + admin())
            .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());

        List<String> ids = new ArrayList<>();
        routes.forEach(route -> ids.add(route.get("id").asString()));
        assertThat(ids).startsWith("public", "unfiltered", "preserve").contains("laml", "signalwire-all");
        JsonNode laml = route(routes, "laml");
        assertThat(laml.get("dialect").asString()).isEqualTo("laml");
        assertThat(laml.get("predicate").asString()).contains("/laml/Accounts/{project}/**");
        assertThat(laml.get("paths").toString()).isEqualTo("[\"/laml/Accounts/{project}.json\",\"/laml/Accounts/{project}/**\"]");
        assertThat(laml.get("authorize").get(0).get("any_permissions").toString()).isEqualTo("[\"calling\",\"video\"]");
        assertThat(laml.get("authorize").get(0).get("project_variable").asString()).isEqualTo("project");
        assertThat(laml.get("uri").asString()).startsWith("http://");
        assertThat(route(routes, "public").get("is_public").asBoolean()).isTrue();
        assertThat(laml.has("decision")).isFalse();
    }

    @Test
    void aProjectAdministratorSeesTheRoutesButNotWhereTheyLead() {
        Project project = newProject();
        JsonNode routes = JSON.readTree(client.get().uri("/api/v2/admin/routes")
            .header("Authorization", "Bearer " + memberOf(project)).exchange()
            .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());

        assertThat(routes.size()).isGreaterThan(5);
        routes.forEach(route -> assertThat(route.has("uri")).as(route.toString()).isFalse());
    }

    @Test
    void withATokenEachRouteSaysWhetherThatTokenMayCallIt() {
        Project project = newProject();
        IssuedToken token = permissionToken(project, Permission.CALLING);

        JsonNode routes = JSON.readTree(client.get().uri("/api/v2/admin/routes?token_id=" + token.stored().id())
            .header("Authorization", "Bearer " + admin()).exchange()
            .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());

        assertThat(route(routes, "laml").get("decision").asString()).isEqualTo("allow");
        assertThat(route(routes, "unfiltered").get("decision").asString()).isEqualTo("allow");
        JsonNode messaging = route(routes, "signalwire-all");
        assertThat(messaging.get("decision").asString()).isEqualTo("deny");
        assertThat(messaging.get("reasons").get(0).get("missing").toString()).isEqualTo("[\"fax\",\"messaging\"]");
    }

    private static JsonNode route(JsonNode routes, String id) {
        for (JsonNode route : routes) {
            if (route.get("id").asString().equals(id)) {
                return route;
            }
        }
        throw new AssertionError("no route " + id + " in " + routes);
    }

    // ---------------------------------------------------------------- generated

    /**
     * Random tokens (scopes, permissions, disabled, expired, own or another project) against every kind of
     * route: the explanation's decision and status are what the gateway answers the same request.
     */
    @Test
    void explanationsAgreeWithTheGatewayForGeneratedTokensAndRequests() {
        Random random = new Random(20260514L);
        Project project = newProject();
        Project other = newProject();
        String admin = admin();
        List<String> paths = List.of("/unfiltered/a", "/xl/events", "/xl/admin/x", "/sw/messaging/m", "/sw/media/v",
                "/laml/Accounts/" + project.id() + "/Calls", "/laml/Accounts/" + other.id() + "/Calls",
                "/laml/Accounts/nope/Calls", "/public/p", "/basic/b", "/nowhere");
        int allowed = 0;
        int denied = 0;
        for (int i = 0; i < 40; i++) {
            int scopes = Scope.withImplied(random.nextInt(8));
            int permissions = random.nextInt(Permission.ALL + 1);
            Instant expires = random.nextInt(6) == 0 ? Instant.now().minusSeconds(60) : null;
            IssuedToken token = issue(project, scopes, permissions, expires,
                    random.nextBoolean() ? NewToken.SecretStyle.SIGNALWIRE : NewToken.SecretStyle.EXCEPTIONLESS);
            if (random.nextInt(6) == 0) {
                disable(token);
            }
            String path = paths.get(random.nextInt(paths.size()));
            String authorization = random.nextBoolean() ? bearer(token) : basic(project, token);

            JsonNode explanation = explain(admin, token.stored().id(), "GET", path);
            int real = realStatus("GET", path, authorization);

            String decision = explanation.get("decision").asString();
            String description = "token scopes " + Scope.format(scopes) + " permissions " + Permission.format(permissions)
                    + " on " + path + ": " + explanation;
            if (decision.equals("allow")) {
                allowed++;
                assertThat(real).as(description).isEqualTo(200);
            }
            else {
                denied++;
                assertThat(real).as(description).isEqualTo(explanation.get("status").asInt());
            }
        }
        assertThat(allowed).as("allowed samples").isGreaterThan(5);
        assertThat(denied).as("refused samples").isGreaterThan(5);
    }
}
