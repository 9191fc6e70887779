package io.authbridge.management;

import java.util.List;
import java.util.Map;

import io.authbridge.e2e.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the management APIs do with bodies they cannot use, in both dialects: malformed JSON and a JSON
 * value that is not an object (400), a content type other than JSON (415), more than 64 KiB (413), and
 * unknown fields (ignored). None of these is ever a 500, and none creates anything.
 */
class RequestBodiesTest extends GatewayTestSupport {

    private static final String SW_TOKENS = "/api/project/tokens";

    @Test
    void malformedJsonIsABadRequestInEachDialect() {
        Tenant tenant = newTenant("Malformed");
        String key = projectAdministratorKey(tenant);

        Reply login = send(client, HttpMethod.POST, "/api/v2/auth/login", null, "application/json", "{\"email\":");
        Reply organization = send(client, HttpMethod.POST, "/api/v2/organizations", bearer(tenant.loginToken()),
                "application/json", "{name: 'unquoted'}");
        Reply signalWire = send(client, HttpMethod.POST, SW_TOKENS, basic(tenant.projectId(), key), "application/json",
                "{\"name\":\"x\",\"permissions\":[\"calling\"");

        assertThat(login.problemTitle(400)).isEqualTo("The request body is not valid JSON.");
        assertThat(login.json().get("instance").asString()).isEqualTo("POST /api/v2/auth/login");
        assertThat(organization.problemTitle(400)).isEqualTo("The request body is not valid JSON.");
        assertThat(signalWire.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(signalWire.contentType()).isEqualTo("application/json");
        assertThat(signalWire.text()).isEqualTo("{\"error\":\"Bad Request\"}");
        assertThat(httpGet(SW_TOKENS, basic(tenant.projectId(), key)).json().get("data")).hasSize(1);
    }

    @Test
    void aJsonValueThatIsNotAnObjectIsABadRequest() {
        Tenant tenant = newTenant("Not Object");
        String key = projectAdministratorKey(tenant);

        for (String body : List.of("[]", "\"text\"", "42", "null")) {
            assertThat(send(client, HttpMethod.POST, "/api/v2/organizations", bearer(tenant.loginToken()),
                    "application/json", body).problemTitle(400)).as(body).isEqualTo("The request body must be a JSON object.");
            assertThat(send(client, HttpMethod.POST, "/api/projects", basic(tenant.projectId(), key), "application/json",
                    body).text()).as(body).isEqualTo("{\"error\":\"Bad Request\"}");
        }
    }

    @Test
    void aContentTypeOtherThanJsonIsUnsupported() {
        Tenant tenant = newTenant("Content Type");
        String key = projectAdministratorKey(tenant);
        String body = "{\"name\":\"Typed\"}";

        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/xml")) {
            Reply exceptionless = send(client, HttpMethod.POST, "/api/v2/organizations", bearer(tenant.loginToken()),
                    type, body);
            assertThat(exceptionless.problemTitle(415)).as(type).isEqualTo("Unsupported Media Type");
            Reply signalWire = send(client, HttpMethod.POST, "/api/projects", basic(tenant.projectId(), key), type, body);
            assertThat(signalWire.status()).as(type).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
            assertThat(signalWire.text()).isEqualTo("{\"error\":\"Unsupported Media Type\"}");
        }
        assertThat(ExceptionlessDirectoryTest.names(httpGet("/api/v2/organizations", bearer(tenant.loginToken())).json()))
            .doesNotContain("Typed");
    }

    @Test
    void jsonWithCharsetOrAPlusJsonTypeOrNoTypeIsAccepted() throws Exception {
        Tenant tenant = newTenant("Json Types");

        for (String type : new String[] { "application/json; charset=utf-8", "application/merge-patch+json" }) {
            Reply reply = send(client, HttpMethod.POST, "/api/v2/organizations", bearer(tenant.loginToken()), type,
                    "{\"name\":\"Typed " + type + "\"}");
            assertThat(reply.status()).as(type).isEqualTo(HttpStatus.CREATED);
        }
        // WebTestClient always names a type; the JDK client sends none unless told
        java.net.http.HttpResponse<String> untyped = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v2/organizations"))
                    .header("Authorization", bearer(tenant.loginToken()))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"Untyped\"}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(untyped.statusCode()).as(untyped.body()).isEqualTo(201);
    }

    @Test
    void aBodyOverSixtyFourKibibytesIsTooLargeInEachDialect() {
        Tenant tenant = newTenant("Oversized");
        String key = projectAdministratorKey(tenant);
        String huge = "{\"name\":\"" + "x".repeat(64 * 1024) + "\"}";

        Reply login = send(client, HttpMethod.POST, "/api/v2/auth/login", null, "application/json", huge);
        Reply token = send(client, HttpMethod.POST, "/api/v2/projects/" + tenant.projectId() + "/tokens",
                bearer(tenant.loginToken()), "application/json", huge);
        Reply signalWire = send(client, HttpMethod.POST, SW_TOKENS, basic(tenant.projectId(), key), "application/json",
                huge);

        assertThat(login.problemTitle(413)).isEqualTo("Content Too Large");
        assertThat(token.problemTitle(413)).isEqualTo("Content Too Large");
        assertThat(signalWire.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(signalWire.text()).isEqualTo("{\"error\":\"Content Too Large\"}");
        assertThat(httpGet("/api/v2/projects/" + tenant.projectId() + "/tokens", bearer(tenant.loginToken())).json())
            .hasSize(1);
    }

    @Test
    void aBodyJustUnderTheLimitIsRead() {
        Tenant tenant = newTenant("Just Under");
        String padding = "p".repeat(64 * 1024 - 200);

        Reply reply = send(client, HttpMethod.POST, "/api/v2/organizations", bearer(tenant.loginToken()),
                "application/json", "{\"padding\":\"" + padding + "\",\"name\":\"Padded\"}");

        assertThat(reply.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(reply.json().get("name").asString()).isEqualTo("Padded");
    }

    @Test
    void unknownFieldsAreIgnored() {
        Tenant tenant = newTenant("Unknown Fields");
        String key = projectAdministratorKey(tenant);

        Reply login = httpPost("/api/v2/auth/login", null, Map.of("email", tenant.email(), "password", tenant.password(),
                "invite_token", "x".repeat(40), "remember_me", true));
        Reply token = httpPost("/api/v2/projects/" + tenant.projectId() + "/tokens", bearer(tenant.loginToken()),
                Map.of("scopes", List.of("client"), "default_project_id", "whatever", "colour", "blue"));
        Reply signalWire = httpPost(SW_TOKENS, basic(tenant.projectId(), key),
                Map.of("name", "n", "permissions", List.of("calling"), "expires_at", 12, "extra", Map.of("a", 1)));
        Reply subproject = httpPost("/api/projects", basic(tenant.projectId(), key),
                Map.of("name", "Sub", "protect_recordings", true));

        assertThat(login.status()).isEqualTo(HttpStatus.OK);
        assertThat(token.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(token.json().has("colour")).isFalse();
        assertThat(signalWire.status()).isEqualTo(HttpStatus.OK);
        assertThat(signalWire.json().propertyNames()).containsExactly("id", "name", "permissions", "token");
        assertThat(subproject.status()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void fieldNamesAreMatchedIgnoringCaseAsExceptionlessDoes() {
        Tenant tenant = newTenant("Case");

        Reply reply = httpPost("/api/v2/auth/login", null, Map.of("Email", tenant.email(), "PASSWORD", tenant.password()));

        assertThat(reply.status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aFieldOfTheWrongTypeIsAValidationError() {
        Tenant tenant = newTenant("Wrong Type");
        String token = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString();

        Reply disabled = httpPatch("/api/v2/tokens/" + token, bearer(tenant.loginToken()), Map.of("is_disabled", "yes"));
        Reply name = httpPost("/api/v2/organizations", bearer(tenant.loginToken()), Map.of("name", 42));

        assertThat(disabled.problemTitle(422)).isEqualTo("One or more validation errors occurred.");
        assertThat(disabled.json().get("errors").propertyNames()).containsExactly("is_disabled");
        assertThat(name.problemTitle(422)).isEqualTo("One or more validation errors occurred.");
        assertThat(name.json().get("errors").propertyNames()).containsExactly("name");
        assertThat(httpGet("/api/v2/events", bearer(token)).status()).isEqualTo(HttpStatus.OK);
    }
}
