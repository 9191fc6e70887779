package io.authbridge.e2e;

import java.time.Duration;

import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.TokenChange;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the client receives in each dialect: 401 with both challenges, Exceptionless problem details that
 * name the path but never the query, 403 versus 401 for a caller lacking rights, 502 and 504 from the
 * upstream, and which routes need a credential at all.
 */
class ErrorDialectsTest extends GatewayTestSupport {

    private static final String SIGNALWIRE_401 = "{\"error\":\"Unauthorized\"}";

    private static final String LAML_401 = "{\"code\":20003,\"message\":\"Authentication failed\","
            + "\"more_info\":\"https://signalwire.com/docs/compatibility-api/reference/errors\",\"status\":401}";

    private static void assertChallenges(WebTestClient.ResponseSpec response) {
        response.expectHeader().valuesMatch("WWW-Authenticate", "Basic realm=\"authbridge\"", "Bearer realm=\"authbridge\"");
    }

    @Test
    void signalWireRouteWithoutCredentialAnswers401WithBothChallenges() {
        var response = client.get().uri("/sw/messaging/send").exchange();

        response.expectStatus().isUnauthorized().expectHeader().contentType(MediaType.APPLICATION_JSON);
        assertChallenges(response);
        response.expectBody(String.class).isEqualTo(SIGNALWIRE_401);
        assertUpstreamReceivedNothing();
    }

    @Test
    void exceptionlessRouteWithUnknownTokenAnswersProblemWithPathButNotQuery() {
        var response = client.get().uri("/xl/events/recent?access_token=unknown-token-value&limit=5").exchange();

        response.expectStatus().isUnauthorized().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertChallenges(response);
        response.expectBody(String.class).isEqualTo("{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.2\","
                + "\"title\":\"Unauthorized\",\"status\":401,\"instance\":\"GET /xl/events/recent\"}");
        assertUpstreamReceivedNothing();
    }

    @Test
    void exceptionlessProblemNamesTheMethodOfTheRequest() {
        client.post().uri("/xl/events?api_key=nope").exchange()
            .expectStatus().isUnauthorized()
            .expectBody(String.class).isEqualTo("{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.2\","
                    + "\"title\":\"Unauthorized\",\"status\":401,\"instance\":\"POST /xl/events\"}");
    }

    @Test
    void lamlRouteWithBadCredentialAnswersTheCompatibilityBody() {
        Project project = newProject();
        var response = client.get().uri("/laml/Accounts/" + project.id() + "/Calls")
            .header("Authorization", basic(project.id().toString(), "wrong-token"))
            .exchange();

        response.expectStatus().isUnauthorized().expectHeader().contentType(MediaType.APPLICATION_JSON);
        assertChallenges(response);
        response.expectBody(String.class).isEqualTo(LAML_401);
    }

    @Test
    void exceptionlessForbiddenIs403WithoutChallenges() {
        Project project = newProject();
        IssuedToken client = scopedToken(project, Scope.CLIENT);

        this.client.get().uri("/xl/admin/settings?x=1").header("Authorization", bearer(client)).exchange()
            .expectStatus().isForbidden()
            .expectHeader().doesNotExist("WWW-Authenticate")
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(String.class).isEqualTo("{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.4\","
                    + "\"title\":\"Forbidden\",\"status\":403,\"instance\":\"GET /xl/admin/settings\"}");
        assertUpstreamReceivedNothing();
    }

    @Test
    void exceptionlessUserScopeIsAllowedOnTheUserRoute() {
        Project project = newProject();
        IssuedToken user = scopedToken(project, Scope.USER);

        client.get().uri("/xl/admin/settings").header("Authorization", bearer(user)).exchange().expectStatus().isOk();
        assertThat(receivedUpstream().getHeader("X-Auth-Scopes")).isEqualTo("client,user");
    }

    @Test
    void signalWireForbiddenIs401WithChallenges() {
        Project project = newProject();
        IssuedToken messagingOnly = permissionToken(project, Permission.MESSAGING);

        var response = client.get().uri("/sw/messaging/send").header("Authorization", basic(project, messagingOnly))
            .exchange();

        response.expectStatus().isUnauthorized();
        assertChallenges(response);
        response.expectBody(String.class).isEqualTo(SIGNALWIRE_401);
        assertUpstreamReceivedNothing();
    }

    @Test
    void allListedPermissionsLetTheRequestThrough() {
        Project project = newProject();
        IssuedToken token = permissionToken(project, Permission.MESSAGING, Permission.FAX);

        client.get().uri("/sw/messaging/send").header("Authorization", basic(project, token)).exchange()
            .expectStatus().isOk();
        assertThat(receivedUpstream().getHeader("Authorization")).isEqualTo(bearer(token));
    }

    @Test
    void oneOfTheAnyPermissionsIsEnough() {
        Project project = newProject();
        IssuedToken video = permissionToken(project, Permission.VIDEO);
        IssuedToken chat = permissionToken(project, Permission.CHAT);

        client.get().uri("/sw/media/rooms").header("Authorization", basic(project, video)).exchange()
            .expectStatus().isOk();
        client.get().uri("/sw/media/rooms").header("Authorization", basic(project, chat)).exchange()
            .expectStatus().isUnauthorized()
            .expectBody(String.class).isEqualTo(SIGNALWIRE_401);
    }

    @Test
    void lamlForbiddenForAnotherProjectInThePathIs401WithTheCompatibilityBody() {
        Project own = newProject();
        Project other = newProject();
        IssuedToken token = permissionToken(own, Permission.CALLING);

        var response = client.get().uri("/laml/Accounts/" + other.id() + "/Calls")
            .header("Authorization", basic(own, token))
            .exchange();

        response.expectStatus().isUnauthorized();
        assertChallenges(response);
        response.expectBody(String.class).isEqualTo(LAML_401);
        assertUpstreamReceivedNothing();
    }

    @Test
    void lamlRouteAcceptsTheCallersProjectInThePathAndSendsBasicUpstream() {
        Project project = newProject();
        IssuedToken token = permissionToken(project, Permission.CALLING);

        client.get().uri("/laml/Accounts/" + project.id() + "/Calls").header("Authorization", bearer(token)).exchange()
            .expectStatus().isOk();
        assertThat(receivedUpstream().getHeader("Authorization")).isEqualTo(basic(project, token));
    }

    @Test
    void lamlPathVariableThatIsNotAProjectIdIsForbidden() {
        Project project = newProject();
        IssuedToken token = permissionToken(project, Permission.CALLING);

        client.get().uri("/laml/Accounts/not-a-uuid/Calls").header("Authorization", bearer(token)).exchange()
            .expectStatus().isUnauthorized()
            .expectBody(String.class).isEqualTo(LAML_401);
    }

    @Test
    void upstreamThatIsDownAnswers502InTheRouteDialect() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        client.get().uri("/down/things?access_token=" + token.secret()).exchange()
            .expectStatus().isEqualTo(502)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(String.class).isEqualTo("{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.6.3\","
                    + "\"title\":\"Bad Gateway\",\"status\":502,\"instance\":\"GET /down/things\"}");
    }

    @Test
    void slowUpstreamAnswers504InTheLamlDialect() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        client.get().uri("/slow/laml/calls").header("Authorization", bearer(token)).exchange()
            .expectStatus().isEqualTo(504)
            .expectBody(String.class).isEqualTo("{\"code\":20504,\"message\":\"Gateway Timeout\","
                    + "\"more_info\":\"https://signalwire.com/docs/compatibility-api/reference/errors\",\"status\":504}");
    }

    @Test
    void slowUpstreamAnswers504InTheSignalWireDialect() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        client.get().uri("/slow/messages").header("Authorization", bearer(token)).exchange()
            .expectStatus().isEqualTo(504)
            .expectHeader().contentType(MediaType.APPLICATION_JSON)
            .expectBody(String.class).isEqualTo("{\"error\":\"Gateway Timeout\"}");
    }

    @Test
    void upstreamSilentPastTheConfiguredResponseTimeoutAnswers504() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        long start = System.nanoTime();
        client.get().uri("/sluggish/events").header("Authorization", bearer(token)).exchange()
            .expectStatus().isEqualTo(504)
            .expectBody(String.class).isEqualTo("{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.6.5\","
                    + "\"title\":\"Gateway Timeout\",\"status\":504,\"instance\":\"GET /sluggish/events\"}");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1400), Duration.ofMillis(2900));
    }

    @Test
    void publicRouteWorksWithoutCredentials() {
        client.get().uri("/public/health").exchange()
            .expectStatus().isOk()
            .expectBody(String.class).isEqualTo("{\"upstream\":\"ok\"}");
        assertThat(receivedUpstream().containsHeader("X-Auth-Token-Id")).isFalse();
    }

    @Test
    void publicRouteStillIdentifiesAValidCaller() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        client.get().uri("/public/health").header("Authorization", bearer(token)).exchange().expectStatus().isOk();
        assertThat(receivedUpstream().getHeader("X-Auth-Token-Id")).isEqualTo(token.stored().id().toString());
    }

    @Test
    void publicRouteTreatsABadCredentialAsAnonymous() {
        client.get().uri("/public/health").header("Authorization", "Basic !!!").exchange().expectStatus().isOk();
        assertThat(receivedUpstream().containsHeader("X-Auth-Token-Id")).isFalse();
    }

    @Test
    void routeWithoutAnyFilterStillRequiresACredential() {
        var response = client.get().uri("/unfiltered/anything").exchange();

        response.expectStatus().isUnauthorized();
        assertChallenges(response);
        response.expectBody(String.class).isEqualTo(SIGNALWIRE_401);
        assertUpstreamReceivedNothing();
    }

    @Test
    void unknownDisabledAndExpiredTokensGetTheSameAnswer() {
        Project project = newProject();
        IssuedToken disabled = scopedToken(project, Scope.CLIENT);
        tokens.update(disabled.stored().id(), TokenChange.disable(true)).block();
        IssuedToken expired = issue(project, Scope.CLIENT.bit(), 0, java.time.Instant.now().minusSeconds(60),
                io.authbridge.token.NewToken.SecretStyle.EXCEPTIONLESS);

        for (String secret : new String[] { "unknownunknownunknownunknownunknown12345", disabled.secret(),
                expired.secret() }) {
            var response = client.get().uri("/xl/e").header("Authorization", "Bearer " + secret).exchange();
            response.expectStatus().isUnauthorized();
            assertChallenges(response);
            response.expectBody(String.class).isEqualTo("{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.2\","
                    + "\"title\":\"Unauthorized\",\"status\":401,\"instance\":\"GET /xl/e\"}");
        }
        assertUpstreamReceivedNothing();
    }
}
