package io.authbridge.management;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.authbridge.e2e.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/projects}: subprojects of the caller's project (201), the caller's tree (list and get, 404
 * outside it), one level only ({@code nested_subprojects_not_allowed}), and subproject tokens that
 * authenticate as {@code Basic subproject_id:token} and not under the parent's id.
 */
class SignalWireSubprojectsTest extends GatewayTestSupport {

    private static final String PROJECTS = "/api/projects";

    private static final String NOT_FOUND = "{\"error\":\"Not Found\"}";

    @Test
    void createAnswers201WithTheNewSubprojectOfTheCallersProject() {
        SignalWireTokensTest.Caller caller = newCaller("Create Sub");

        Reply reply = httpPost(PROJECTS, caller.basic(), Map.of("name", "Customer A"));

        assertThat(reply.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(reply.contentType()).isEqualTo("application/json");
        JsonNode view = reply.json();
        assertThat(view.propertyNames()).containsExactly("id", "name", "parent_project_id", "subproject", "created_at",
                "updated_at");
        assertThat(UUID.fromString(view.get("id").asString())).isNotEqualTo(caller.projectId());
        assertThat(view.get("name").asString()).isEqualTo("Customer A");
        assertThat(view.get("parent_project_id").asString()).isEqualTo(caller.projectId().toString());
        assertThat(view.get("subproject").asBoolean()).isTrue();
    }

    @Test
    void listAndGetShowTheCallersTreeOnly() {
        SignalWireTokensTest.Caller caller = newCaller("Tree");
        SignalWireTokensTest.Caller other = newCaller("Other Tree");
        String child = httpPost(PROJECTS, caller.basic(), Map.of("name", "Child")).json().get("id").asString();
        String foreignChild = httpPost(PROJECTS, other.basic(), Map.of("name", "Foreign Child")).json().get("id").asString();

        Reply list = httpGet(PROJECTS, caller.basic());

        assertThat(list.status()).isEqualTo(HttpStatus.OK);
        assertThat(list.json().propertyNames()).containsExactly("links", "data");
        assertThat(ExceptionlessDirectoryTest.ids(list.json().get("data")))
            .containsExactly(caller.projectId().toString(), child);
        JsonNode root = list.json().get("data").get(0);
        assertThat(root.get("parent_project_id").isNull()).isTrue();
        assertThat(root.get("subproject").asBoolean()).isFalse();
        assertThat(httpGet(PROJECTS + "/" + child, caller.basic()).json().get("name").asString()).isEqualTo("Child");
        assertThat(httpGet(PROJECTS + "/" + caller.projectId(), caller.basic()).status()).isEqualTo(HttpStatus.OK);
        for (Object outside : List.of(foreignChild, other.projectId(), UUID.randomUUID())) {
            Reply reply = httpGet(PROJECTS + "/" + outside, caller.basic());
            assertThat(reply.status()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(reply.text()).isEqualTo(NOT_FOUND);
        }
        assertThat(httpGet(PROJECTS + "?name=chi", caller.basic()).json().get("data")).hasSize(1);
    }

    @Test
    void aSubprojectCannotHaveSubprojects() {
        SignalWireTokensTest.Caller caller = newCaller("Nested");
        String child = httpPost(PROJECTS, caller.basic(), Map.of("name", "Child")).json().get("id").asString();
        String childManager = subprojectToken(caller, child, "management");

        Reply reply = httpPost(PROJECTS, basic(child, childManager), Map.of("name", "Grandchild"));

        assertThat(reply.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(reply.text()).isEqualTo("{\"errors\":[{\"type\":\"validation_error\","
                + "\"code\":\"nested_subprojects_not_allowed\","
                + "\"message\":\"Subprojects can only be created under a top-level project.\",\"attribute\":null,"
                + "\"url\":\"https://signalwire.com/docs/apis/error-codes#nested_subprojects_not_allowed\"}]}");
        assertThat(httpGet(PROJECTS, caller.basic()).json().get("data")).hasSize(2);
    }

    @Test
    void aSubprojectTokenAuthenticatesUnderTheSubprojectsIdOnly() {
        SignalWireTokensTest.Caller caller = newCaller("Sub Token");
        String child = httpPost(PROJECTS, caller.basic(), Map.of("name", "Child")).json().get("id").asString();

        String token = subprojectToken(caller, child, "messaging");

        assertThat(httpGet("/api/messaging/send", basic(child, token)).status()).isEqualTo(HttpStatus.OK);
        assertThat(upstreamRequests().get(0).getHeader("X-Auth-Project-Id")).isEqualTo(child);
        Reply underParent = httpGet("/api/messaging/send", basic(caller.projectId(), token));
        assertThat(underParent.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(underParent.text()).isEqualTo("{\"error\":\"Unauthorized\"}");
        assertThat(httpGet("/api/messaging/send", bearer(token)).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aSubprojectSeesItselfButNotItsParentOrSiblings() {
        SignalWireTokensTest.Caller caller = newCaller("Sub View");
        String child = httpPost(PROJECTS, caller.basic(), Map.of("name", "Child")).json().get("id").asString();
        String sibling = httpPost(PROJECTS, caller.basic(), Map.of("name", "Sibling")).json().get("id").asString();
        String childManager = subprojectToken(caller, child, "management");

        JsonNode list = httpGet(PROJECTS, basic(child, childManager)).json().get("data");

        assertThat(ExceptionlessDirectoryTest.ids(list)).containsExactly(child);
        assertThat(httpGet(PROJECTS + "/" + caller.projectId(), basic(child, childManager)).text()).isEqualTo(NOT_FOUND);
        assertThat(httpGet(PROJECTS + "/" + sibling, basic(child, childManager)).text()).isEqualTo(NOT_FOUND);
        // and its token listing holds its own tokens only
        JsonNode tokens = httpGet("/api/project/tokens", basic(child, childManager)).json().get("data");
        assertThat(tokens).hasSize(1);
        assertThat(tokens.get(0).get("project_id").asString()).isEqualTo(child);
    }

    @Test
    void theParentManagesItsSubprojectsTokens() {
        SignalWireTokensTest.Caller caller = newCaller("Parent Manages");
        String child = httpPost(PROJECTS, caller.basic(), Map.of("name", "Child")).json().get("id").asString();
        Reply created = httpPost("/api/project/tokens", caller.basic(),
                Map.of("name", "child token", "permissions", List.of("messaging"), "subproject_id", child));
        String token = created.json().get("token").asString();

        Reply removed = httpDelete("/api/project/tokens/" + created.json().get("id").asString(), caller.basic());

        assertThat(removed.status()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(httpGet("/api/messaging/send", basic(child, token)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void subprojectNameIsRequired() {
        SignalWireTokensTest.Caller caller = newCaller("Sub Name");

        assertThat(SignalWireTokensTest.error(httpPost(PROJECTS, caller.basic(), Map.of("label", "x"))))
            .containsExactly("missing_required_parameter", "name");
        assertThat(SignalWireTokensTest.error(httpPost(PROJECTS, caller.basic(), Map.of("name", ""))))
            .containsExactly("invalid_parameter", "name");
        assertThat(SignalWireTokensTest.error(httpPost(PROJECTS, caller.basic(), Map.of("name", "n".repeat(251)))))
            .containsExactly("invalid_parameter", "name");
    }

    @Test
    void withoutManagementTheProjectsApiIsUnauthorized() {
        SignalWireTokensTest.Caller caller = newCaller("Sub No Management");
        String plain = httpPost("/api/project/tokens", caller.basic(), Map.of("name", "p", "permissions", List.of("calling")))
            .json().get("token").asString();

        for (String authorization : new String[] { null, basic(caller.projectId(), plain), bearer(caller.key()) }) {
            for (Reply reply : List.of(httpPost(PROJECTS, authorization, Map.of("name", "x")), httpGet(PROJECTS, authorization),
                    httpGet(PROJECTS + "/" + caller.projectId(), authorization))) {
                assertThat(reply.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
                assertThat(reply.text()).isEqualTo("{\"error\":\"Unauthorized\"}");
            }
        }
    }

    @Test
    void concurrentSubprojectCreationGivesDistinctSubprojects() {
        SignalWireTokensTest.Caller caller = newCaller("Concurrent Subs");
        WebClient web = WebClient.create("http://127.0.0.1:" + port);
        int count = 16;

        List<ResponseEntity<String>> replies = Flux.range(0, count)
            .flatMap(i -> web.post()
                .uri(PROJECTS)
                .header("Authorization", caller.basic())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"Sub " + i + "\"}")
                .retrieve()
                .toEntity(String.class), count)
            .collectList()
            .block(Duration.ofSeconds(60));

        Set<String> ids = new HashSet<>();
        for (ResponseEntity<String> reply : replies) {
            assertThat(reply.getStatusCode().value()).isEqualTo(201);
            ids.add(JSON.readTree(reply.getBody()).get("id").asString());
        }
        assertThat(ids).hasSize(count);
        assertThat(httpGet(PROJECTS, caller.basic()).json().get("data")).hasSize(count + 1);
    }

    SignalWireTokensTest.Caller newCaller(String label) {
        Tenant tenant = newTenant(label);
        return new SignalWireTokensTest.Caller(tenant, projectAdministratorKey(tenant));
    }

    /** A token of {@code subproject}, minted by its parent. */
    String subprojectToken(SignalWireTokensTest.Caller parent, String subproject, String... permissions) {
        Reply reply = httpPost("/api/project/tokens", parent.basic(),
                Map.of("name", "sub", "permissions", List.of(permissions), "subproject_id", subproject));
        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.OK);
        return reply.json().get("token").asString();
    }
}
