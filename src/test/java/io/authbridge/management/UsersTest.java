package io.authbridge.management;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.authbridge.e2e.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users: the bootstrap administrator, users made by a global administrator and added to organizations, and
 * a login token that acts for its user across that user's organizations only, with membership changes
 * effective on the user's next request.
 */
class UsersTest extends GatewayTestSupport {

    private static final String USERS = "/api/v2/users";

    @Test
    void bootstrapAdministratorIsAGlobalAdministratorOfTheDefaultOrganization() {
        String token = adminToken();
        JsonNode users = httpGet(USERS, bearer(token)).json();
        String defaultOrganization = ExceptionlessDirectoryTest.find(httpGet("/api/v2/organizations", bearer(token)).json(),
                "name", "Default Organization").get("id").asString();

        JsonNode admin = ExceptionlessDirectoryTest.find(users, "email_address", ADMIN_EMAIL);
        assertThat(admin.get("roles").toString()).isEqualTo("[\"client\",\"user\",\"global\"]");
        assertThat(admin.get("organization_ids").toString()).contains(defaultOrganization);
        assertThat(admin.get("is_active").asBoolean()).isTrue();
        assertThat(users.toString()).doesNotContain("$2a$", "password");
    }

    @Test
    void globalAdministratorCreatesAUserWhoCanLogIn() {
        String admin = adminToken();
        UUID organization = createOrganization(admin, "Hiring Org");

        Reply reply = httpPost(USERS, bearer(admin), Map.of("email_address", "New.Hire@Example.test", "password",
                "first-password", "full_name", "New Hire", "is_global_admin", false, "organization_ids",
                List.of(organization.toString())));

        assertThat(reply.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(reply.contentType()).isEqualTo("application/json");
        JsonNode user = reply.json();
        assertThat(user.get("email_address").asString()).isEqualTo("new.hire@example.test");
        assertThat(user.get("full_name").asString()).isEqualTo("New Hire");
        assertThat(user.get("organization_ids").toString()).isEqualTo("[\"" + organization + "\"]");
        assertThat(user.get("roles").toString()).isEqualTo("[\"client\",\"user\"]");
        assertThat(reply.text()).doesNotContain("first-password", "$2a$");
        String token = login("new.hire@example.test", "first-password");
        assertThat(ExceptionlessDirectoryTest.ids(httpGet("/api/v2/organizations", bearer(token)).json()))
            .containsExactly(organization.toString());
    }

    @Test
    void aUserMadeGlobalAdministratorSeesEveryOrganization() {
        String admin = adminToken();
        Tenant tenant = newTenant("Seen By Admin");
        createUser(admin, "second.admin@example.test", "second-admin-pw", true);

        String second = login("second.admin@example.test", "second-admin-pw");

        assertThat(ExceptionlessDirectoryTest.ids(httpGet("/api/v2/organizations", bearer(second)).json()))
            .contains(tenant.organizationId().toString());
        assertThat(httpGet(USERS, bearer(second)).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void onlyAGlobalAdministratorsLoginManagesUsers() {
        Tenant tenant = newTenant("Not Admin");
        String globalKey = createProjectToken(adminToken(), tenant.projectId(), List.of("global")).get("id").asString();
        Map<String, Object> body = Map.of("email_address", "x@example.test", "password", "password-x");

        for (String caller : List.of(tenant.loginToken(), globalKey)) {
            assertThat(httpPost(USERS, bearer(caller), body).problemTitle(403)).isEqualTo("Forbidden");
            assertThat(httpGet(USERS, bearer(caller)).problemTitle(403)).isEqualTo("Forbidden");
        }
        assertThat(httpPost(USERS, null, body).problemTitle(401)).isEqualTo("Unauthorized");
        assertThat(httpPost("/api/v2/auth/login", null, Map.of("email", "x@example.test", "password", "password-x"))
            .problemTitle(401)).isEqualTo("Login failed.");
    }

    @Test
    void invalidUsersAreValidationErrorsKeyedByField() {
        String admin = adminToken();

        Reply duplicate = httpPost(USERS, bearer(admin), Map.of("email_address", ADMIN_EMAIL, "password", "password-1"));
        Reply noEmail = httpPost(USERS, bearer(admin), Map.of("password", "password-1"));
        Reply shortPassword = httpPost(USERS, bearer(admin), Map.of("email_address", "short@example.test", "password", "123"));
        Reply unknownOrganization = httpPost(USERS, bearer(admin), Map.of("email_address", "org@example.test", "password",
                "password-1", "organization_ids", List.of(UUID.randomUUID().toString())));
        Reply badAdminFlag = httpPost(USERS, bearer(admin), Map.of("email_address", "flag@example.test", "password",
                "password-1", "is_global_admin", "yes"));

        assertThat(keys(duplicate)).containsExactly("email_address");
        assertThat(keys(noEmail)).containsExactly("email_address");
        assertThat(keys(shortPassword)).containsExactly("password");
        assertThat(keys(unknownOrganization)).containsExactly("organization_ids");
        assertThat(keys(badAdminFlag)).containsExactly("is_global_admin");
        assertThat(httpPost("/api/v2/auth/login", null, Map.of("email", "org@example.test", "password", "password-1"))
            .status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void addingAUserToAnOrganizationActsOnTheirNextRequestWithTheSameToken() {
        String admin = adminToken();
        UUID organization = createOrganization(admin, "Joined Later");
        UUID project = createProject(admin, organization, "Joined Project");
        UUID user = createUser(admin, "joiner@example.test", "joiner-password", false);
        String token = login("joiner@example.test", "joiner-password");
        assertThat(httpGet("/api/v2/projects", bearer(token)).json()).isEmpty();
        assertThat(httpGet("/echo/x", basic(project, token)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);

        Reply added = httpPost("/api/v2/organizations/" + organization + "/users/" + user, bearer(admin), null);

        assertThat(added.status()).isEqualTo(HttpStatus.OK);
        assertThat(ExceptionlessDirectoryTest.ids(httpGet("/api/v2/projects", bearer(token)).json()))
            .containsExactly(project.toString());
        assertThat(httpGet("/echo/x", basic(project, token)).status()).isEqualTo(HttpStatus.OK);
        assertThat(upstreamRequests().get(0).getHeader("X-Auth-User-Id")).isEqualTo(user.toString());
        assertThat(upstreamRequests().get(0).getHeader("X-Auth-Project-Id")).isEqualTo(project.toString());
    }

    @Test
    void aLoginTokenActsInItsUsersOrganizationsOnly() {
        Tenant mine = newTenant("Own Org");
        Tenant theirs = newTenant("Foreign Org");

        assertThat(httpGet("/echo/x", basic(mine.projectId(), mine.loginToken())).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/echo/x", basic(theirs.projectId(), mine.loginToken())).status())
            .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(httpGet("/api/v2/projects/" + theirs.projectId(), bearer(mine.loginToken())).problemTitle(404))
            .isEqualTo("Project not found.");
        // as a project administrator there, it may use the SignalWire management API of its own project only
        assertThat(httpGet("/api/project/tokens", basic(mine.projectId(), mine.loginToken())).status())
            .isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/api/project/tokens", basic(theirs.projectId(), mine.loginToken())).status())
            .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aMemberCannotAddUsersToAnotherOrganization() {
        Tenant mine = newTenant("Adder");
        Tenant theirs = newTenant("Closed");

        Reply foreign = httpPost("/api/v2/organizations/" + theirs.organizationId() + "/users/" + mine.userId(),
                bearer(mine.loginToken()), null);
        Reply unknownUser = httpPost("/api/v2/organizations/" + mine.organizationId() + "/users/" + UUID.randomUUID(),
                bearer(mine.loginToken()), null);

        assertThat(foreign.problemTitle(404)).isEqualTo("Organization not found.");
        assertThat(unknownUser.problemTitle(404)).isEqualTo("User not found.");
        assertThat(ExceptionlessDirectoryTest.ids(httpGet("/api/v2/organizations", bearer(mine.loginToken())).json()))
            .containsExactly(mine.organizationId().toString());
    }

    @Test
    void concurrentCreationOfOneEmailMakesOneUserAndRefusesTheRest() {
        String admin = adminToken();
        org.springframework.web.reactive.function.client.WebClient web =
                org.springframework.web.reactive.function.client.WebClient.create("http://127.0.0.1:" + port);
        int count = 8;

        List<Integer> statuses = reactor.core.publisher.Flux.range(0, count)
            .flatMap(i -> web.post()
                .uri(USERS)
                .header("Authorization", bearer(admin))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue("{\"email_address\":\"race@example.test\",\"password\":\"race-password-" + i + "\"}")
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())), count)
            .collectList()
            .block(java.time.Duration.ofSeconds(60));

        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        assertThat(statuses).filteredOn(status -> status != 201).allMatch(status -> status == 422);
        assertThat(httpGet(USERS, bearer(admin)).json().toString().split("race@example.test", -1)).hasSize(2);
    }

    @Test
    void addingTheSameMemberConcurrentlyIsHarmless() {
        String admin = adminToken();
        UUID organization = createOrganization(admin, "Concurrent Members");
        UUID user = createUser(admin, "member-race@example.test", "member-password", false);
        org.springframework.web.reactive.function.client.WebClient web =
                org.springframework.web.reactive.function.client.WebClient.create("http://127.0.0.1:" + port);
        int count = 8;

        List<Integer> statuses = reactor.core.publisher.Flux.range(0, count)
            .flatMap(i -> web.post()
                .uri("/api/v2/organizations/" + organization + "/users/" + user)
                .header("Authorization", bearer(admin))
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())), count)
            .collectList()
            .block(java.time.Duration.ofSeconds(60));

        assertThat(statuses).containsOnly(200);
        String token = login("member-race@example.test", "member-password");
        assertThat(ExceptionlessDirectoryTest.ids(httpGet("/api/v2/organizations", bearer(token)).json()))
            .containsExactly(organization.toString());
    }

    private static List<String> keys(Reply reply) {
        assertThat(reply.problemTitle(422)).isEqualTo("One or more validation errors occurred.");
        return List.copyOf(reply.json().get("errors").propertyNames());
    }

    @Test
    void theSignedInUserReadsItselfWithItsRoles() {
        Tenant tenant = newTenant("Myself");

        JsonNode me = httpGet("/api/v2/users/me", bearer(tenant.loginToken())).json();
        JsonNode admin = httpGet("/api/v2/users/me", bearer(adminToken())).json();

        assertThat(me.get("id").asString()).isEqualTo(tenant.userId().toString());
        assertThat(me.get("email_address").asString()).isEqualTo(tenant.email());
        assertThat(me.get("roles").toString()).isEqualTo("[\"client\",\"user\"]");
        assertThat(me.get("organization_ids").toString()).isEqualTo("[\"" + tenant.organizationId() + "\"]");
        assertThat(me.toString()).doesNotContain("$2a$", tenant.password());
        assertThat(admin.get("roles").toString()).contains("global");
    }

    @Test
    void anApiKeyHasNoUserToRead() {
        Tenant tenant = newTenant("Keyholder");
        String key = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("user")).get("id").asString();

        assertThat(httpGet("/api/v2/users/me", bearer(key)).problemTitle(403)).isEqualTo("An API key acts for no user.");
        assertThat(httpGet("/api/v2/users/me", null).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
}
