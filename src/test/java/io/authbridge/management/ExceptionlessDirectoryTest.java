package io.authbridge.management;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.authbridge.e2e.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Organizations and projects in the Exceptionless dialect: the seed's project fields, who sees what (another
 * organization's project is 404, as if it did not exist), validation, and the {@code ?access_token=} form.
 */
class ExceptionlessDirectoryTest extends GatewayTestSupport {

    /** Seed 000: exactly these fields, in this order. */
    private static final List<String> SEED_PROJECT_FIELDS = List.of("id", "created_utc", "organization_id",
            "organization_name", "name", "delete_bot_data_enabled", "is_configured", "stack_count", "event_count",
            "has_premium_features", "has_slack_integration");

    @Test
    void bootstrapAdministratorSeesTheDefaultOrganizationAndProject() {
        String admin = adminToken();

        JsonNode organizations = httpGet("/api/v2/organizations", bearer(admin)).json();
        JsonNode projects = httpGet("/api/v2/projects", bearer(admin)).json();

        assertThat(names(organizations)).contains("Default Organization");
        JsonNode project = find(projects, "name", "Default Project");
        assertThat(project.get("organization_name").asString()).isEqualTo("Default Organization");
    }

    @Test
    void projectListItemsHaveExactlyTheSeedsFields() {
        Tenant tenant = newTenant("Seed Fields");

        Reply reply = httpGet("/api/v2/projects", bearer(tenant.loginToken()));

        assertThat(reply.status()).isEqualTo(HttpStatus.OK);
        assertThat(reply.contentType()).isEqualTo("application/json");
        assertThat(reply.json().isArray()).isTrue();
        JsonNode project = reply.json().get(0);
        assertThat(project.propertyNames()).containsExactlyElementsOf(SEED_PROJECT_FIELDS);
        assertThat(project.get("id").asString()).isEqualTo(tenant.projectId().toString());
        assertThat(project.get("organization_id").asString()).isEqualTo(tenant.organizationId().toString());
        assertThat(project.get("organization_name").asString()).isEqualTo("Seed Fields Inc");
        assertThat(project.get("name").asString()).isEqualTo("Seed Fields Project");
        assertThat(project.get("delete_bot_data_enabled").isBoolean()).isTrue();
        assertThat(project.get("is_configured").isBoolean()).isTrue();
        assertThat(project.get("stack_count").isNumber()).isTrue();
        assertThat(project.get("event_count").isNumber()).isTrue();
        assertThat(project.get("has_premium_features").isBoolean()).isTrue();
        assertThat(project.get("has_slack_integration").isBoolean()).isTrue();
    }

    @Test
    void aSubprojectAlsoNamesItsParent() {
        Tenant tenant = newTenant("Parent Named");
        String key = projectAdministratorKey(tenant);
        String subproject = httpPost("/api/projects", basic(tenant.projectId(), key), Map.of("name", "Child"))
            .json().get("id").asString();

        JsonNode view = httpGet("/api/v2/projects/" + subproject, bearer(tenant.loginToken())).json();

        assertThat(view.get("parent_project_id").asString()).isEqualTo(tenant.projectId().toString());
        List<String> expected = new ArrayList<>(SEED_PROJECT_FIELDS);
        expected.add("parent_project_id");
        assertThat(view.propertyNames()).containsExactlyElementsOf(expected);
    }

    @Test
    void organizationsAndProjectsListOnlyWhatTheUsersOrganizationsHold() {
        Tenant mine = newTenant("Mine");
        Tenant theirs = newTenant("Theirs");

        JsonNode organizations = httpGet("/api/v2/organizations", bearer(mine.loginToken())).json();
        JsonNode projects = httpGet("/api/v2/projects", bearer(mine.loginToken())).json();

        assertThat(ids(organizations)).containsExactly(mine.organizationId().toString());
        assertThat(ids(projects)).containsExactly(mine.projectId().toString());
        assertThat(organizations.toString() + projects).doesNotContain(theirs.organizationId().toString(), "Theirs");
    }

    @Test
    void organizationViewShowsIdNameAndTimesWithoutNulls() {
        String admin = adminToken();

        Reply reply = httpPost("/api/v2/organizations", bearer(admin), Map.of("name", "Acme"));

        assertThat(reply.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(reply.contentType()).isEqualTo("application/json");
        JsonNode organization = reply.json();
        assertThat(organization.propertyNames()).containsExactly("id", "name", "created_utc", "updated_utc");
        assertThat(organization.get("name").asString()).isEqualTo("Acme");
        assertThat(UUID.fromString(organization.get("id").asString())).isNotNull();
    }

    @Test
    void aUserWhoCreatesAnOrganizationIsItsMemberAtOnce() {
        Tenant tenant = newTenant("Founder");

        UUID created = createOrganization(tenant.loginToken(), "Founded");

        assertThat(ids(httpGet("/api/v2/organizations", bearer(tenant.loginToken())).json()))
            .contains(created.toString());
        UUID project = createProject(tenant.loginToken(), created, "Founded Project");
        assertThat(httpGet("/api/v2/projects/" + project, bearer(tenant.loginToken())).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void createdProjectIsAnsweredWithTheSeedsFields() {
        Tenant tenant = newTenant("New Project");

        Reply reply = httpPost("/api/v2/projects", bearer(tenant.loginToken()),
                Map.of("organization_id", tenant.organizationId().toString(), "name", "Disintegrating Pistol"));

        assertThat(reply.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(reply.json().propertyNames()).containsExactlyElementsOf(SEED_PROJECT_FIELDS);
        assertThat(reply.json().get("name").asString()).isEqualTo("Disintegrating Pistol");
        assertThat(reply.json().get("organization_name").asString()).isEqualTo("New Project Inc");
        String id = reply.json().get("id").asString();
        assertThat(httpGet("/api/v2/projects/" + id, bearer(tenant.loginToken())).json().get("name").asString())
            .isEqualTo("Disintegrating Pistol");
    }

    @Test
    void anotherOrganizationsProjectIsNotFoundExactlyLikeAMissingOne() {
        Tenant mine = newTenant("Looker");
        Tenant theirs = newTenant("Hidden");

        Reply foreign = httpGet("/api/v2/projects/" + theirs.projectId(), bearer(mine.loginToken()));
        Reply missing = httpGet("/api/v2/projects/" + UUID.randomUUID(), bearer(mine.loginToken()));

        assertThat(foreign.problemTitle(404)).isEqualTo("Project not found.");
        assertThat(missing.problemTitle(404)).isEqualTo("Project not found.");
        assertThat(foreign.text()).doesNotContain("Hidden");
    }

    @Test
    void creatingAProjectInAnotherOrganizationIsRefusedLikeAMissingOrganization() {
        Tenant mine = newTenant("Intruder");
        Tenant theirs = newTenant("Target");

        Reply foreign = httpPost("/api/v2/projects", bearer(mine.loginToken()),
                Map.of("organization_id", theirs.organizationId().toString(), "name", "Planted"));
        Reply missing = httpPost("/api/v2/projects", bearer(mine.loginToken()),
                Map.of("organization_id", UUID.randomUUID().toString(), "name", "Planted"));

        assertThat(foreign.problemTitle(422)).isEqualTo("One or more validation errors occurred.");
        assertThat(foreign.json().get("errors")).isEqualTo(missing.json().get("errors"));
        assertThat(foreign.json().get("errors").propertyNames()).containsExactly("organization_id");
        assertThat(ids(httpGet("/api/v2/projects", bearer(theirs.loginToken())).json()))
            .containsExactly(theirs.projectId().toString());
    }

    @Test
    void organizationWithoutANameIsAValidationErrorKeyedByName() {
        Reply missing = httpPost("/api/v2/organizations", bearer(adminToken()), Map.of("name", "  "));
        Reply tooLong = httpPost("/api/v2/organizations", bearer(adminToken()), Map.of("name", "x".repeat(251)));

        assertThat(missing.problemTitle(422)).isEqualTo("One or more validation errors occurred.");
        assertThat(missing.json().get("errors").get("name").get(0).asString()).isEqualTo("The Name field is required.");
        assertThat(tooLong.problemTitle(422)).isEqualTo("One or more validation errors occurred.");
        assertThat(tooLong.json().get("errors").propertyNames()).containsExactly("name");
    }

    @Test
    void projectWithoutAValidOrganizationIdIsAValidationError() {
        Reply reply = httpPost("/api/v2/projects", bearer(adminToken()), Map.of("organization_id", "not-an-id", "name", "P"));

        assertThat(reply.problemTitle(422)).isEqualTo("One or more validation errors occurred.");
        assertThat(reply.json().get("errors").get("organization_id").get(0).asString())
            .isEqualTo("Please specify a valid organization id.");
    }

    @Test
    void accessTokenInTheQueryStringWorksOnOrganizationsAndProjects() {
        Tenant tenant = newTenant("Query String");
        String query = "?access_token=" + tenant.loginToken();

        assertThat(ids(httpGet("/api/v2/organizations" + query, null).json()))
            .containsExactly(tenant.organizationId().toString());
        Reply organization = httpPost("/api/v2/organizations" + query, null, Map.of("name", "Via Query"));
        assertThat(organization.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(ids(httpGet("/api/v2/projects" + query, null).json())).containsExactly(tenant.projectId().toString());
        assertThat(httpGet("/api/v2/projects/" + tenant.projectId() + query, null).status()).isEqualTo(HttpStatus.OK);
        Reply project = httpPost("/api/v2/projects" + query, null,
                Map.of("organization_id", organization.json().get("id").asString(), "name", "Via Query Project"));
        assertThat(project.status()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void clientKeyCannotReadOrChangeTheDirectory() {
        Tenant tenant = newTenant("Client Key");
        String key = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString();

        assertThat(httpGet("/api/v2/organizations", bearer(key)).problemTitle(403)).isEqualTo("Forbidden");
        assertThat(httpPost("/api/v2/organizations", bearer(key), Map.of("name", "No")).problemTitle(403))
            .isEqualTo("Forbidden");
        assertThat(httpGet("/api/v2/projects", bearer(key)).problemTitle(403)).isEqualTo("Forbidden");
        assertThat(httpGet("/api/v2/projects/" + tenant.projectId(), bearer(key)).problemTitle(403)).isEqualTo("Forbidden");
        assertThat(httpPost("/api/v2/projects", bearer(key),
                Map.of("organization_id", tenant.organizationId().toString(), "name", "No")).problemTitle(403))
            .isEqualTo("Forbidden");
    }

    @Test
    void missingOrUnknownCredentialIsUnauthorizedWithChallenges() {
        for (String authorization : new String[] { null, bearer("A".repeat(40)), "Basic !!!" }) {
            Reply reply = httpGet("/api/v2/projects", authorization);
            assertThat(reply.problemTitle(401)).as(String.valueOf(authorization)).isEqualTo("Unauthorized");
            assertThat(reply.headers().get(HttpHeaders.WWW_AUTHENTICATE))
                .containsExactlyInAnyOrder("Basic realm=\"authbridge\"", "Bearer realm=\"authbridge\"");
            assertThat(reply.json().get("instance").asString()).isEqualTo("GET /api/v2/projects");
        }
        Reply withQuery = httpGet("/api/v2/organizations?access_token=" + "B".repeat(40), null);
        assertThat(withQuery.problemTitle(401)).isEqualTo("Unauthorized");
        assertThat(withQuery.text()).doesNotContain("B".repeat(40));
    }

    static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(item -> names.add(item.get("name").asString()));
        return names;
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.get(field).asString())) {
                return item;
            }
        }
        throw new AssertionError("no item with " + field + " = " + value + " in " + array);
    }
}
