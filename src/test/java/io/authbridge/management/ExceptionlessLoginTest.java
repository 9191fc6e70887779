package io.authbridge.management;

import java.util.Map;
import java.util.UUID;

import io.authbridge.e2e.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v2/auth/login} and {@code GET /api/v2/auth/logout}: tokens, failures, and the lockout of
 * more than 5 attempts per email or 15 per client address in a 15-minute window. Lockout tests connect
 * from addresses of their own (127.0.0.x), so they do not lock out the other tests of this class.
 */
class ExceptionlessLoginTest extends GatewayTestSupport {

    private static final String LOGIN = "/api/v2/auth/login";

    @Test
    void loginAnswersAFortyCharacterTokenThatActsForTheUser() {
        Reply reply = httpPost(LOGIN, null, Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD));

        assertThat(reply.status()).isEqualTo(HttpStatus.OK);
        assertThat(reply.contentType()).isEqualTo("application/json");
        assertThat(reply.headers().getCacheControl()).isEqualTo("no-store");
        JsonNode body = reply.json();
        assertThat(body.propertyNames()).containsExactly("token");
        String token = body.get("token").asString();
        assertThat(token).matches("[A-Za-z0-9]{40}");
        assertThat(httpGet("/api/v2/organizations", bearer(token)).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void emailIsMatchedIgnoringCaseAndSurroundingSpaces() {
        Reply reply = httpPost(LOGIN, null, Map.of("email", "  " + ADMIN_EMAIL.toUpperCase() + " ", "password", ADMIN_PASSWORD));

        assertThat(reply.status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void wrongPasswordIsLoginFailedWithBothChallenges() {
        Reply reply = httpPost(LOGIN, null, Map.of("email", ADMIN_EMAIL, "password", "not-the-password"));

        assertThat(reply.problemTitle(401)).isEqualTo("Login failed.");
        assertThat(reply.headers().get(HttpHeaders.WWW_AUTHENTICATE))
            .containsExactlyInAnyOrder("Basic realm=\"authbridge\"", "Bearer realm=\"authbridge\"");
        assertThat(reply.json().get("type").asString()).isEqualTo("https://tools.ietf.org/html/rfc9110#section-15.5.2");
        assertThat(reply.json().get("instance").asString()).isEqualTo("POST /api/v2/auth/login");
        assertThat(reply.text()).doesNotContain("not-the-password");
    }

    @Test
    void unknownEmailIsAnsweredExactlyLikeAWrongPassword() {
        Reply unknown = httpPost(LOGIN, null, Map.of("email", "nobody@example.test", "password", "whatever-1"));
        Reply wrong = httpPost(LOGIN, null, Map.of("email", ADMIN_EMAIL, "password", "whatever-1"));

        assertThat(unknown.problemTitle(401)).isEqualTo("Login failed.");
        assertThat(unknown.text()).isEqualTo(wrong.text());
    }

    @Test
    void missingPasswordIsAValidationErrorKeyedByField() {
        Reply reply = httpPost(LOGIN, null, Map.of("email", ADMIN_EMAIL));

        assertThat(reply.problemTitle(422)).isEqualTo("One or more validation errors occurred.");
        assertThat(reply.json().get("type").asString()).isEqualTo("https://tools.ietf.org/html/rfc4918#section-11.2");
        assertThat(reply.json().get("errors").get("password").get(0).asString())
            .isEqualTo("The Password field is required.");
    }

    @Test
    void passwordShorterThanSixCharactersIsAValidationError() {
        Reply reply = httpPost(LOGIN, null, Map.of("email", ADMIN_EMAIL, "password", "12345"));

        assertThat(reply.problemTitle(422)).isEqualTo("One or more validation errors occurred.");
        assertThat(reply.json().get("errors").get("password").get(0).asString())
            .isEqualTo("The field Password must be a string with a minimum length of 6 and a maximum length of 100.");
    }

    @Test
    void missingEmailIsAValidationErrorKeyedByField() {
        Reply reply = httpPost(LOGIN, null, Map.of("password", ADMIN_PASSWORD));

        assertThat(reply.problemTitle(422)).isEqualTo("One or more validation errors occurred.");
        assertThat(reply.json().get("errors").propertyNames()).containsExactly("email");
    }

    @Test
    void sixthAttemptForOneEmailIsDeniedEvenWithTheRightPassword() {
        Tenant tenant = newTenant("Email Lockout");
        WebTestClient attacker = clientFrom("127.0.0.21");

        for (int attempt = 1; attempt <= 5; attempt++) {
            Reply failed = send(attacker, HttpMethod.POST, LOGIN, null, "application/json",
                    Map.of("email", tenant.email(), "password", "wrong-guess-" + attempt));
            assertThat(failed.problemTitle(401)).as("attempt " + attempt).isEqualTo("Login failed.");
        }
        Reply denied = send(attacker, HttpMethod.POST, LOGIN, null, "application/json",
                Map.of("email", tenant.email(), "password", tenant.password()));

        assertThat(denied.problemTitle(401)).isEqualTo("Login denied.");
        assertThat(denied.headers().get(HttpHeaders.WWW_AUTHENTICATE)).hasSize(2);
        // the count is per email: the owner is locked out from everywhere, other users are not
        Reply fromElsewhere = send(clientFrom("127.0.0.25"), HttpMethod.POST, LOGIN, null, "application/json",
                Map.of("email", tenant.email(), "password", tenant.password()));
        assertThat(fromElsewhere.problemTitle(401)).isEqualTo("Login denied.");
        Reply otherUser = send(attacker, HttpMethod.POST, LOGIN, null, "application/json",
                Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD));
        assertThat(otherUser.status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void sixteenthAttemptFromOneAddressIsDeniedWhateverTheEmailOrForwardedFor() {
        WebTestClient attacker = clientFrom("127.0.0.22");

        for (int attempt = 1; attempt <= 15; attempt++) {
            String failed = attacker.post().uri(LOGIN)
                .header("X-Forwarded-For", "203.0.113." + attempt)
                .header(HttpHeaders.CONTENT_TYPE, "application/json")
                .bodyValue(Map.of("email", "stranger-" + attempt + "@example.test", "password", "wrong-guess"))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectBody(String.class).returnResult().getResponseBody();
            assertThat(failed).as("attempt " + attempt).contains("\"title\":\"Login failed.\"");
        }
        Reply denied = send(attacker, HttpMethod.POST, LOGIN, null, "application/json",
                Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD));

        assertThat(denied.problemTitle(401)).isEqualTo("Login denied.");
        // other addresses are not affected
        assertThat(httpPost(LOGIN, null, Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD)).status())
            .isEqualTo(HttpStatus.OK);
    }

    @Test
    void successfulLoginStartsTheEmailCountAgain() {
        Tenant tenant = newTenant("Count Reset");
        WebTestClient from = clientFrom("127.0.0.24");
        for (int attempt = 1; attempt <= 4; attempt++) {
            send(from, HttpMethod.POST, LOGIN, null, "application/json",
                    Map.of("email", tenant.email(), "password", "wrong-guess"));
        }
        assertThat(send(from, HttpMethod.POST, LOGIN, null, "application/json",
                Map.of("email", tenant.email(), "password", tenant.password())).status()).isEqualTo(HttpStatus.OK);

        for (int attempt = 1; attempt <= 5; attempt++) {
            Reply failed = send(from, HttpMethod.POST, LOGIN, null, "application/json",
                    Map.of("email", tenant.email(), "password", "wrong-guess"));
            assertThat(failed.problemTitle(401)).as("attempt " + attempt + " after the success").isEqualTo("Login failed.");
        }
    }

    @Test
    void logoutRevokesTheLoginTokenOnTheNextRequest() {
        String token = adminToken();
        assertThat(httpGet("/api/v2/organizations", bearer(token)).status()).isEqualTo(HttpStatus.OK);

        Reply logout = httpGet("/api/v2/auth/logout", bearer(token));

        assertThat(logout.status()).isEqualTo(HttpStatus.OK);
        assertThat(logout.text()).isNull();
        Reply after = httpGet("/api/v2/organizations", bearer(token));
        assertThat(after.problemTitle(401)).isEqualTo("Unauthorized");
        assertThat(after.headers().get(HttpHeaders.WWW_AUTHENTICATE)).hasSize(2);
        // the user can still log in again
        assertThat(httpGet("/api/v2/organizations", bearer(adminToken())).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void logoutWithTheQueryStringTokenWorksToo() {
        String token = adminToken();

        assertThat(httpGet("/api/v2/auth/logout?access_token=" + token, null).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/api/v2/organizations?access_token=" + token, null).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void logoutWithAnApiKeyIsForbiddenAndKeepsTheKey() {
        String admin = adminToken();
        UUID project = createProject(admin, createOrganization(admin, "Logout Key Org"), "P");
        String key = createProjectToken(admin, project, java.util.List.of("user")).get("id").asString();

        Reply reply = httpGet("/api/v2/auth/logout", bearer(key));

        assertThat(reply.problemTitle(403)).isEqualTo("Logout not supported for current user access token");
        assertThat(httpGet("/api/v2/projects", bearer(key)).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void logoutWithoutACredentialIsUnauthorized() {
        Reply reply = httpGet("/api/v2/auth/logout", null);

        assertThat(reply.problemTitle(401)).isEqualTo("Unauthorized");
        assertThat(reply.json().get("instance").asString()).isEqualTo("GET /api/v2/auth/logout");
        assertThat(reply.headers().get(HttpHeaders.WWW_AUTHENTICATE))
            .containsExactlyInAnyOrder("Basic realm=\"authbridge\"", "Bearer realm=\"authbridge\"");
    }
}
