package io.authbridge.management;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.authbridge.e2e.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/project/tokens} in the SignalWire dialect: {@code Basic project_id:token} holding
 * {@code management}; 200 create with the secret once, PATCH 200 / 404, DELETE 204, the listing SignalWire
 * lacks (without secrets), the documented 422 codes, and changes effective on the next request.
 */
class SignalWireTokensTest extends GatewayTestSupport {

    private static final String TOKENS = "/api/project/tokens";

    private static final String UNAUTHORIZED = "{\"error\":\"Unauthorized\"}";

    private static final String NOT_FOUND = "{\"error\":\"Not Found\"}";

    @Test
    void createAnswersTheTokenResponseWithTheSecretOnce() {
        Caller caller = newCaller("Create");

        Reply reply = httpPost(TOKENS, caller.basic(),
                Map.of("name", "John Doe's Token", "permissions", List.of("messaging", "calling", "fax")));

        assertThat(reply.status()).isEqualTo(HttpStatus.OK);
        assertThat(reply.contentType()).isEqualTo("application/json");
        assertThat(reply.headers().getCacheControl()).isEqualTo("no-store");
        JsonNode body = reply.json();
        assertThat(body.propertyNames()).containsExactly("id", "name", "permissions", "token");
        assertThat(UUID.fromString(body.get("id").asString())).isNotNull();
        assertThat(body.get("name").asString()).isEqualTo("John Doe's Token");
        assertThat(body.get("permissions").toString()).isEqualTo("[\"calling\",\"fax\",\"messaging\"]");
        assertThat(body.get("token").asString()).matches("PT[0-9a-f]{48}");
    }

    @Test
    void newTokenWorksAtOnceAsBasicAndAsBearerThroughARoute() {
        Caller caller = newCaller("Styles");
        String token = create(caller, "messenger", "messaging").get("token").asString();

        Reply asBasic = httpGet("/api/messaging/send", basic(caller.projectId(), token));

        assertThat(asBasic.status()).isEqualTo(HttpStatus.OK);
        assertThat(upstreamRequests().get(0).getHeader("Authorization")).isEqualTo("Bearer " + token);
        assertThat(upstreamRequests().get(0).getHeader("X-Auth-Permissions")).isEqualTo("messaging");
        assertThat(httpGet("/api/messaging/send", bearer(token)).status()).isEqualTo(HttpStatus.OK);
        // a SignalWire token is a client token: the Exceptionless route takes it too
        assertThat(httpGet("/api/v2/events", bearer(token)).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aTokenHasExactlyThePermissionsItWasGiven() {
        Caller caller = newCaller("Exact");
        String token = create(caller, "caller only", "calling").get("token").asString();

        Reply reply = httpGet("/api/messaging/send", basic(caller.projectId(), token));

        assertThat(reply.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(reply.text()).isEqualTo(UNAUTHORIZED);
        assertThat(httpPost(TOKENS, basic(caller.projectId(), token), Map.of("name", "x", "permissions", List.of("calling")))
            .text()).isEqualTo(UNAUTHORIZED);
    }

    @Test
    void withoutAManagementCredentialEveryOperationIsUnauthorized() {
        Caller caller = newCaller("No Management");
        String plain = create(caller, "plain", "calling", "messaging").get("token").asString();
        String manager = create(caller, "manager", "management").get("token").asString();
        String id = create(caller, "target", "calling").get("id").asString();
        Map<String, Object> body = Map.of("name", "x", "permissions", List.of("calling"));

        for (String authorization : new String[] { null, basic(caller.projectId(), plain), bearer(manager),
                basic(UUID.randomUUID(), manager), basic(caller.projectId(), "PT" + "0".repeat(48)), "Basic %%%" }) {
            for (Reply reply : List.of(httpPost(TOKENS, authorization, body), httpGet(TOKENS, authorization),
                    httpPatch(TOKENS + "/" + id, authorization, body), httpDelete(TOKENS + "/" + id, authorization))) {
                assertThat(reply.status()).as(String.valueOf(authorization)).isEqualTo(HttpStatus.UNAUTHORIZED);
                assertThat(reply.contentType()).isEqualTo("application/json");
                assertThat(reply.text()).isEqualTo(UNAUTHORIZED);
                assertThat(reply.headers().get(HttpHeaders.WWW_AUTHENTICATE))
                    .containsExactlyInAnyOrder("Basic realm=\"authbridge\"", "Bearer realm=\"authbridge\"");
            }
        }
        assertThat(httpPost(TOKENS, basic(caller.projectId(), manager),
                Map.of("name", "x", "permissions", List.of("management"))).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void missingNameOrPermissionsIsMissingRequiredParameter() {
        Caller caller = newCaller("Missing");

        Reply noName = httpPost(TOKENS, caller.basic(), Map.of("permissions", List.of("calling")));
        Reply noPermissions = httpPost(TOKENS, caller.basic(), Map.of("name", "n"));
        Reply emptyPermissions = httpPost(TOKENS, caller.basic(), Map.of("name", "n", "permissions", List.of()));

        assertThat(noName.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(noName.contentType()).isEqualTo("application/json");
        assertThat(noName.text()).isEqualTo("{\"errors\":[{\"type\":\"validation_error\",\"code\":\"missing_required_parameter\","
                + "\"message\":\"A required parameter is missing from the request. Please refer to the technical reference "
                + "for a complete list of parameters.\",\"attribute\":\"name\","
                + "\"url\":\"https://signalwire.com/docs/apis/error-codes#missing_required_parameter\"}]}");
        assertThat(error(noPermissions)).containsExactly("missing_required_parameter", "permissions");
        assertThat(error(emptyPermissions)).containsExactly("missing_required_parameter", "permissions");
    }

    @Test
    void blankNameIsInvalidParameter() {
        Caller caller = newCaller("Blank");

        Reply reply = httpPost(TOKENS, caller.basic(), Map.of("name", "  ", "permissions", List.of("calling")));

        assertThat(reply.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(reply.text()).isEqualTo("{\"errors\":[{\"type\":\"validation_error\",\"code\":\"invalid_parameter\","
                + "\"message\":\"Name must be present\",\"attribute\":\"name\","
                + "\"url\":\"https://signalwire.com/docs/apis/error-codes#invalid_parameter\"}]}");
    }

    @Test
    void unknownPermissionIsInvalidAuthTokenPermissions() {
        Caller caller = newCaller("Unknown Permission");

        for (Object permissions : List.of(List.of("calling", "teleport"), "calling", List.of(7))) {
            Reply reply = httpPost(TOKENS, caller.basic(), Map.of("name", "n", "permissions", permissions));
            assertThat(error(reply)).as(permissions.toString()).containsExactly("invalid_auth_token_permissions", "permissions");
        }
        assertThat(httpGet(TOKENS, caller.basic()).json().get("data")).hasSize(1); // only the caller's own key
    }

    @Test
    void aTokenCannotGrantAPermissionItDoesNotHold() {
        Caller caller = newCaller("Escalation");
        String manager = create(caller, "manager", "management").get("token").asString();

        Reply reply = httpPost(TOKENS, basic(caller.projectId(), manager),
                Map.of("name", "escalated", "permissions", List.of("management", "messaging")));

        assertThat(error(reply)).containsExactly("invalid_auth_token_permissions", "permissions");
        String id = create(caller, "plain", "management").get("id").asString();
        assertThat(error(httpPatch(TOKENS + "/" + id, basic(caller.projectId(), manager),
                Map.of("permissions", List.of("video"))))).containsExactly("invalid_auth_token_permissions", "permissions");
        // a token holding what the manager lacks is none it manages: not found, before the body is read
        String calling = create(caller, "calling", "calling").get("id").asString();
        assertThat(httpPatch(TOKENS + "/" + calling, basic(caller.projectId(), manager),
                Map.of("permissions", List.of("video"))).status()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void subprojectIdThatIsNotAChildIsInvalidSubprojectId() {
        Caller caller = newCaller("Not A Child");
        Caller other = newCaller("Someone Else");
        String foreignChild = httpPost("/api/projects", other.basic(), Map.of("name", "Theirs")).json().get("id").asString();

        for (String subproject : List.of(foreignChild, caller.projectId().toString(), UUID.randomUUID().toString(), "nope")) {
            Reply reply = httpPost(TOKENS, caller.basic(),
                    Map.of("name", "n", "permissions", List.of("calling"), "subproject_id", subproject));
            assertThat(error(reply)).as(subproject).containsExactly("invalid_subproject_id", "subproject_id");
        }
    }

    @Test
    void patchChangesNameAndPermissionsAndThePermissionChangeActsOnTheNextRequest() {
        Caller caller = newCaller("Patch");
        JsonNode created = create(caller, "before", "messaging");
        String token = created.get("token").asString();
        String id = created.get("id").asString();
        assertThat(httpGet("/api/messaging/send", basic(caller.projectId(), token)).status()).isEqualTo(HttpStatus.OK);

        Reply renamed = httpPatch(TOKENS + "/" + id, caller.basic(), Map.of("name", "after"));
        Reply narrowed = httpPatch(TOKENS + "/" + id, caller.basic(), Map.of("permissions", List.of("calling")));

        assertThat(renamed.status()).isEqualTo(HttpStatus.OK);
        assertThat(renamed.json().get("id").asString()).isEqualTo(id);
        assertThat(renamed.json().get("name").asString()).isEqualTo("after");
        assertThat(renamed.json().get("permissions").toString()).isEqualTo("[\"messaging\"]");
        assertThat(narrowed.status()).isEqualTo(HttpStatus.OK);
        assertThat(narrowed.json().get("name").asString()).isEqualTo("after");
        assertThat(narrowed.json().get("permissions").toString()).isEqualTo("[\"calling\"]");
        assertThat(renamed.text() + narrowed.text()).doesNotContain(token);
        Reply refused = httpGet("/api/messaging/send", basic(caller.projectId(), token));
        assertThat(refused.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(refused.text()).isEqualTo(UNAUTHORIZED);

        httpPatch(TOKENS + "/" + id, caller.basic(), Map.of("permissions", List.of("calling", "messaging")));
        assertThat(httpGet("/api/messaging/send", basic(caller.projectId(), token)).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void patchOfAnUnknownOrForeignTokenIsNotFound() {
        Caller caller = newCaller("Patch Owner");
        Caller other = newCaller("Patch Other");
        JsonNode theirs = create(other, "theirs", "messaging");

        for (String id : List.of(UUID.randomUUID().toString(), theirs.get("id").asString())) {
            Reply patched = httpPatch(TOKENS + "/" + id, caller.basic(), Map.of("name", "mine now"));
            assertThat(patched.status()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(patched.contentType()).isEqualTo("application/json");
            assertThat(patched.text()).isEqualTo(NOT_FOUND);
            Reply deleted = httpDelete(TOKENS + "/" + id, caller.basic());
            assertThat(deleted.status()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(deleted.text()).isEqualTo(NOT_FOUND);
        }
        assertThat(httpGet("/api/messaging/send", basic(other.projectId(), theirs.get("token").asString())).status())
            .isEqualTo(HttpStatus.OK);
    }

    @Test
    void aCallerManagesOnlyTokensWhoseScopesItHoldsTheOthersDoNotExistForIt() {
        Caller caller = newCaller("Scopes Held");
        String manager = create(caller, "manager", "management", "messaging").get("token").asString();
        String userKey = caller.key();
        String login = caller.tenant().loginToken();
        // callers: a management token (client), a user-scope key, a login token (user); targets of each scope
        for (String scope : List.of("client", "user")) {
            for (String[] asked : new String[][] { { "management token", manager }, { "user key", userKey },
                    { "login token", login } }) {
                String targetSecret = createProjectToken(login, caller.projectId(), List.of(scope)).get("id").asString();
                String targetId = publicId(caller, targetSecret);
                String credential = basic(caller.projectId(), asked[1]);
                boolean manages = scope.equals("client") || !asked[0].equals("management token");
                String description = asked[0] + " on a " + scope + " key";

                List<String> listed = new java.util.ArrayList<>();
                httpGet(TOKENS, credential).json().get("data").forEach(token -> listed.add(token.get("id").asString()));
                assertThat(listed.contains(targetId)).as(description + ": listed").isEqualTo(manages);
                Reply patched = httpPatch(TOKENS + "/" + targetId, credential, Map.of("name", "renamed"));
                assertThat(patched.status()).as(description + ": " + patched.text())
                    .isEqualTo(manages ? HttpStatus.OK : HttpStatus.NOT_FOUND);
                Reply deleted = httpDelete(TOKENS + "/" + targetId, credential);
                assertThat(deleted.status()).as(description + ": " + deleted.text())
                    .isEqualTo(manages ? HttpStatus.NO_CONTENT : HttpStatus.NOT_FOUND);
                assertThat(httpGet("/api/v2/events", bearer(targetSecret)).status()).as(description + ": the key afterwards")
                    .isEqualTo(manages ? HttpStatus.UNAUTHORIZED : HttpStatus.OK);
            }
        }
    }

    /** The public id of an Exceptionless key of the caller's project, from its owner's listing. */
    private String publicId(Caller caller, String secret) {
        assertThat(httpPatch("/api/v2/tokens/" + secret, bearer(caller.tenant().loginToken()), Map.of("notes", "find me"))
            .status()).isEqualTo(HttpStatus.OK);
        for (JsonNode token : httpGet("/api/v2/projects/" + caller.projectId() + "/tokens",
                bearer(caller.tenant().loginToken())).json()) {
            if (token.has("notes") && "find me".equals(token.get("notes").asString())) {
                httpPatch("/api/v2/tokens/" + secret, bearer(caller.tenant().loginToken()), Map.of("notes", "found"));
                return token.get("id").asString();
            }
        }
        throw new AssertionError("no key of the project has the notes just given");
    }

    @Test
    void deleteAnswers204AndRevokesTheTokenOnTheNextRequest() {
        Caller caller = newCaller("Delete");
        JsonNode created = create(caller, "short lived", "messaging");
        String token = created.get("token").asString();
        assertThat(httpGet("/api/messaging/send", basic(caller.projectId(), token)).status()).isEqualTo(HttpStatus.OK);

        Reply reply = httpDelete(TOKENS + "/" + created.get("id").asString(), caller.basic());

        assertThat(reply.status()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(reply.text()).isNull();
        assertThat(httpGet("/api/messaging/send", basic(caller.projectId(), token)).text()).isEqualTo(UNAUTHORIZED);
        assertThat(httpGet("/api/messaging/send", bearer(token)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(httpDelete(TOKENS + "/" + created.get("id").asString(), caller.basic()).text()).isEqualTo(NOT_FOUND);
    }

    @Test
    void listingShowsTheProjectsTokensWithoutSecretsInTheSignalWireEnvelope() {
        Caller caller = newCaller("List");
        JsonNode first = create(caller, "first", "calling");
        JsonNode second = create(caller, "second", "messaging", "video");

        Reply reply = httpGet(TOKENS, caller.basic());

        assertThat(reply.status()).isEqualTo(HttpStatus.OK);
        JsonNode body = reply.json();
        assertThat(body.propertyNames()).containsExactly("links", "data");
        assertThat(body.get("links").get("self").asString()).isEqualTo(TOKENS + "?page_size=50");
        assertThat(body.get("links").get("first").asString()).isEqualTo(TOKENS + "?page_size=50");
        assertThat(body.get("links").has("next")).isFalse();
        assertThat(body.get("data")).hasSize(3);
        JsonNode listed = ExceptionlessDirectoryTest.find(body.get("data"), "id", second.get("id").asString());
        assertThat(listed.get("name").asString()).isEqualTo("second");
        assertThat(listed.get("permissions").toString()).isEqualTo("[\"messaging\",\"video\"]");
        assertThat(listed.get("project_id").asString()).isEqualTo(caller.projectId().toString());
        assertThat(listed.has("token")).isFalse();
        assertThat(reply.text()).doesNotContain(first.get("token").asString(), second.get("token").asString(), caller.key());

        JsonNode page = httpGet(TOKENS + "?page_size=2", caller.basic()).json();
        assertThat(page.get("data")).hasSize(2);
        assertThat(page.get("links").get("next").asString()).isEqualTo(TOKENS + "?page_size=2&page_number=1");
        assertThat(httpGet(TOKENS + "?page_size=2&page_number=1", caller.basic()).json().get("data")).hasSize(1);
        assertThat(error(httpGet(TOKENS + "?page_size=0", caller.basic()))).containsExactly("invalid_parameter", "page_size");
    }

    @Test
    void bothDialectsManageTheSameRecords() {
        Caller caller = newCaller("Shared Records");
        String exceptionlessKey = createProjectToken(caller.tenant().loginToken(), caller.projectId(), List.of("client"))
            .get("id").asString();
        JsonNode signalWire = create(caller, "sw", "messaging");

        JsonNode listedThere = httpGet("/api/v2/projects/" + caller.projectId() + "/tokens",
                bearer(caller.tenant().loginToken())).json();
        assertThat(ExceptionlessDirectoryTest.ids(listedThere)).contains(signalWire.get("id").asString());
        JsonNode listedHere = httpGet(TOKENS, caller.basic()).json().get("data");
        String exceptionlessId = null;
        for (JsonNode token : listedHere) {
            if (!token.get("id").asString().equals(signalWire.get("id").asString())
                    && token.get("permissions").isEmpty()) {
                exceptionlessId = token.get("id").asString();
            }
        }
        assertThat(exceptionlessId).as("the Exceptionless key in " + listedHere).isNotNull();

        assertThat(httpDelete(TOKENS + "/" + exceptionlessId, caller.basic()).status()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(httpGet("/api/v2/events", bearer(exceptionlessKey)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(httpPatch("/api/v2/tokens/" + signalWire.get("token").asString(), bearer(caller.tenant().loginToken()),
                Map.of("is_disabled", true)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/api/messaging/send", basic(caller.projectId(), signalWire.get("token").asString())).status())
            .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void concurrentCreationGivesDistinctTokensThatAllWork() {
        Caller caller = newCaller("Concurrent");
        WebClient web = WebClient.create("http://127.0.0.1:" + port);
        int count = 24;

        List<ResponseEntity<String>> replies = Flux.range(0, count)
            .flatMap(i -> web.post()
                .uri(TOKENS)
                .header("Authorization", caller.basic())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"t" + i + "\",\"permissions\":[\"messaging\"]}")
                .retrieve()
                .toEntity(String.class), count)
            .collectList()
            .block(Duration.ofSeconds(60));

        Set<String> ids = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (ResponseEntity<String> reply : replies) {
            assertThat(reply.getStatusCode().value()).isEqualTo(200);
            JsonNode body = JSON.readTree(reply.getBody());
            ids.add(body.get("id").asString());
            tokens.add(body.get("token").asString());
        }
        assertThat(ids).hasSize(count);
        assertThat(tokens).hasSize(count);
        assertThat(httpGet(TOKENS, caller.basic()).json().get("data")).hasSize(count + 1);
        for (String token : tokens) {
            assertThat(httpGet("/api/messaging/send", basic(caller.projectId(), token)).status()).isEqualTo(HttpStatus.OK);
        }
    }

    // ---------------------------------------------------------------- never more than the caller holds

    /**
     * Generated pairs of what a caller was given and what it asks for: it mints, re-permissions and mints in its
     * subproject exactly the subsets of what it was given, whether it is a SignalWire token or a {@code user}-scoped
     * key (whose scope implies every permission on routes, not here); anything more is
     * {@code invalid_auth_token_permissions} and changes nothing.
     */
    @Test
    void aCallerGivesExactlyTheSubsetsOfThePermissionsItWasGivenForGeneratedPairs() {
        java.util.Random random = new java.util.Random(20261207);
        Caller owner = newCaller("Generated Grants");
        String subproject = httpPost("/api/projects", owner.basic(), Map.of("name", "Generated Sub")).json().get("id")
            .asString();
        io.authbridge.directory.Project project = directory.findProject(owner.projectId()).block();
        for (int pair = 0; pair < 60; pair++) {
            int held = random.nextInt(io.authbridge.token.Permission.ALL + 1) | io.authbridge.token.Permission.MANAGEMENT.bit();
            int asked = random.nextInt(io.authbridge.token.Permission.ALL + 1);
            if (pair % 3 == 0) {
                asked &= held; // a third of the pairs within what is held
            }
            if (asked == 0) {
                continue;
            }
            int scopes = pair % 2 == 0 ? io.authbridge.token.Scope.CLIENT.bit()
                    : io.authbridge.token.Scope.withImplied(io.authbridge.token.Scope.USER.bit());
            String key = issue(project, scopes, held, null, io.authbridge.token.NewToken.SecretStyle.SIGNALWIRE).secret();
            String credential = basic(owner.projectId(), key);
            List<String> names = io.authbridge.token.Permission.names(asked);
            boolean grantable = (asked & ~held) == 0;
            String description = "given " + io.authbridge.token.Permission.names(held) + " (scopes " + scopes + "), asking "
                    + names;
            String target = create(owner, "target " + pair, "video").get("id").asString();
            int before = httpGet(TOKENS + "?page_size=1000", owner.basic()).json().get("data").size();

            Reply minted = httpPost(TOKENS, credential, Map.of("name", "minted", "permissions", names));
            Reply inSubproject = httpPost(TOKENS, credential,
                    Map.of("name", "minted", "permissions", names, "subproject_id", subproject));
            Reply patched = httpPatch(TOKENS + "/" + target, credential, Map.of("permissions", names));

            for (Reply reply : List.of(minted, inSubproject)) {
                assertGranted(reply, grantable, names, description);
            }
            if (!io.authbridge.token.Permission.VIDEO.in(held)) {
                // a target holding video, which this caller lacks, is no token it manages, whatever the body asks
                assertThat(patched.status()).as(description + " -> " + patched.text()).isEqualTo(HttpStatus.NOT_FOUND);
            }
            else {
                assertGranted(patched, grantable, names, description);
            }
            int after = httpGet(TOKENS + "?page_size=1000", owner.basic()).json().get("data").size();
            assertThat(after - before).as(description + ": tokens minted").isEqualTo(grantable ? 2 : 0);
        }
    }

    private static void assertGranted(Reply reply, boolean grantable, List<String> names, String description) {
        if (grantable) {
            assertThat(reply.status()).as(description + " -> " + reply.text()).isEqualTo(HttpStatus.OK);
            assertThat(reply.json().get("permissions").toString()).as(description)
                .isEqualTo(JSON.valueToTree(names).toString());
        }
        else {
            assertThat(error(reply)).as(description).containsExactly("invalid_auth_token_permissions", "permissions");
        }
    }

    @Test
    void aTokenMintedByAKeyThatExpiresExpiresWithIt() {
        Caller owner = newCaller("Expiring Maker");
        java.time.Instant expiry = java.time.Instant.now().plus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        io.authbridge.directory.Project project = directory.findProject(owner.projectId()).block();
        String maker = issue(project, io.authbridge.token.Scope.CLIENT.bit(),
                io.authbridge.token.Permission.MANAGEMENT.bit() | io.authbridge.token.Permission.MESSAGING.bit(), expiry,
                io.authbridge.token.NewToken.SecretStyle.SIGNALWIRE).secret();

        JsonNode minted = httpPost(TOKENS, basic(owner.projectId(), maker),
                Map.of("name", "heir", "permissions", List.of("messaging"))).json();
        JsonNode byUser = httpPost(TOKENS, basic(owner.projectId(), owner.tenant().loginToken()),
                Map.of("name", "user's", "permissions", List.of("messaging"))).json();

        Map<String, JsonNode> listed = new java.util.HashMap<>();
        httpGet("/api/v2/projects/" + owner.projectId() + "/tokens", bearer(owner.tenant().loginToken())).json()
            .forEach(token -> listed.put(token.get("id").asString(), token));
        assertThat(java.time.Instant.parse(listed.get(minted.get("id").asString()).get("expires_utc").asString()))
            .isEqualTo(expiry);
        assertThat(listed.get(byUser.get("id").asString()).has("expires_utc")).isFalse();
        assertThat(httpGet("/api/messaging/send", basic(owner.projectId(), minted.get("token").asString())).status())
            .isEqualTo(HttpStatus.OK);
    }

    // ---------------------------------------------------------------- helpers

    /** A project and a {@code Basic project_id:key} credential whose key holds {@code management}. */
    record Caller(Tenant tenant, String key) {

        UUID projectId() {
            return tenant.projectId();
        }

        String basic() {
            return GatewayTestSupport.basic(tenant.projectId(), key);
        }
    }

    Caller newCaller(String label) {
        Tenant tenant = newTenant(label);
        return new Caller(tenant, projectAdministratorKey(tenant));
    }

    JsonNode create(Caller caller, String name, String... permissions) {
        Reply reply = httpPost(TOKENS, caller.basic(), Map.of("name", name, "permissions", List.of(permissions)));
        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.OK);
        return reply.json();
    }

    /** The code and attribute of the only error of a SignalWire 422. */
    static List<String> error(Reply reply) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(reply.contentType()).isEqualTo("application/json");
        JsonNode errors = reply.json().get("errors");
        assertThat(errors).hasSize(1);
        JsonNode error = errors.get(0);
        assertThat(error.propertyNames()).containsExactly("type", "code", "message", "attribute", "url");
        assertThat(error.get("type").asString()).isEqualTo("validation_error");
        assertThat(error.get("url").asString())
            .isEqualTo("https://signalwire.com/docs/apis/error-codes#" + error.get("code").asString());
        return List.of(error.get("code").asString(), error.get("attribute").isNull() ? "null" : error.get("attribute").asString());
    }
}
