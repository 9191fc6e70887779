package io.authbridge.e2e;

import java.net.URI;
import java.util.function.Function;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every accepted credential form authenticates the same token, a query credential never reaches the
 * upstream while the rest of the query does byte for byte, and a Basic credential must name the token's
 * own project.
 */
class CredentialFormsTest extends GatewayTestSupport {

    /** How a form carries a secret: the request line's path and query, and the Authorization value or null. */
    record Form(String name, Function<IssuedToken, String> query, Function<IssuedToken, String> authorization) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> everyForm() {
        return Stream.of(
                form("Bearer", t -> "", t -> "Bearer " + t.secret()),
                form("bearer in lower case", t -> "", t -> "bearer " + t.secret()),
                form("Token", t -> "", t -> "Token " + t.secret()),
                form("TOKEN in upper case", t -> "", t -> "TOKEN " + t.secret()),
                form("Basic project_id:token", t -> "", t -> basic(t.stored().projectId().toString(), t.secret())),
                form("Basic client:token", t -> "", t -> basic("client", t.secret())),
                form("Basic token:x-oauth-basic", t -> "", t -> basic(t.secret(), "x-oauth-basic")),
                form("?access_token=", t -> "?access_token=" + t.secret(), t -> null),
                form("?api_key=", t -> "?api_key=" + t.secret(), t -> null),
                form("?apikey=", t -> "?apikey=" + t.secret(), t -> null));
    }

    private static Arguments form(String name, Function<IssuedToken, String> query,
            Function<IssuedToken, String> authorization) {
        return Arguments.of(new Form(name, query, authorization));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyForm")
    void everyCredentialFormAuthenticatesTheToken(Form form) {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);
        String authorization = form.authorization().apply(token);

        var request = client.get().uri(URI.create("http://127.0.0.1:" + port + "/unfiltered/x" + form.query().apply(token)));
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        request.exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("{\"upstream\":\"ok\"}");

        LoggedRequest received = receivedUpstream();
        assertThat(received.getHeader("X-Auth-Token-Id")).isEqualTo(token.stored().id().toString());
        assertThat(received.getUrl()).isEqualTo("/unfiltered/x");
    }

    @Test
    void signalWireTokenWorksAsBearerAndExceptionlessTokenWorksAsBasic() {
        Project project = newProject();
        IssuedToken signalWire = permissionToken(project, Permission.MESSAGING, Permission.FAX);
        IssuedToken exceptionless = scopedToken(project, Scope.USER);

        client.get().uri("/sw/messaging/send").header("Authorization", bearer(signalWire)).exchange()
            .expectStatus().isOk();
        client.get().uri("/xl/events").header("Authorization", basic(project, exceptionless)).exchange()
            .expectStatus().isOk();
    }

    @Test
    void queryCredentialIsRemovedAndOtherParametersAreKeptByteForByte() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);
        String query = "?b=%2Fslash%20space+plus&access_token=" + token.secret()
                + "&empty=&flag&%C3%A9t%C3%A9=%E2%82%AC&a=1&a=2&api_keyx=keep";

        client.get().uri(URI.create("http://127.0.0.1:" + port + "/unfiltered/search" + query)).exchange()
            .expectStatus().isOk();

        assertThat(receivedUpstream().getUrl())
            .isEqualTo("/unfiltered/search?b=%2Fslash%20space+plus&empty=&flag&%C3%A9t%C3%A9=%E2%82%AC&a=1&a=2&api_keyx=keep");
    }

    @Test
    void queryCredentialAloneLeavesNoQueryString() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        client.get().uri("/unfiltered/search?api_key=" + token.secret()).exchange().expectStatus().isOk();

        assertThat(receivedUpstream().getUrl()).isEqualTo("/unfiltered/search");
    }

    @Test
    void queryCredentialIsRemovedEvenWhenAHeaderCarriesTheSameToken() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        client.get().uri("/preserve/x?q=1&apikey=" + token.secret()).header("Authorization", bearer(token)).exchange()
            .expectStatus().isOk();

        LoggedRequest received = receivedUpstream();
        assertThat(received.getUrl()).isEqualTo("/preserve/x?q=1");
        assertThat(received.getHeader("Authorization")).isEqualTo(bearer(token));
    }

    @Test
    void queryCredentialIsRemovedOnAPublicRoute() {
        client.get().uri("/public/page?access_token=not-a-real-token&x=1").exchange().expectStatus().isOk();

        LoggedRequest received = receivedUpstream();
        assertThat(received.getUrl()).isEqualTo("/public/page?x=1");
        assertThat(received.containsHeader("X-Auth-Token-Id")).isFalse();
    }

    @Test
    void headerAndQueryWithDifferentTokensAreRejected() {
        Project project = newProject();
        IssuedToken first = scopedToken(project, Scope.CLIENT);
        IssuedToken second = scopedToken(project, Scope.CLIENT);

        client.get().uri("/unfiltered/x?access_token=" + second.secret()).header("Authorization", bearer(first))
            .exchange()
            .expectStatus().isUnauthorized()
            .expectBody(String.class).isEqualTo("{\"error\":\"Unauthorized\"}");
        assertUpstreamReceivedNothing();
    }

    @Test
    void basicCredentialForOtherProjectIsRejected() {
        Project own = newProject();
        Project other = newProject();
        IssuedToken token = scopedToken(own, Scope.USER);

        client.get().uri("/unfiltered/x").header("Authorization", basic(other.id().toString(), token.secret()))
            .exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().valuesMatch("WWW-Authenticate", "Basic realm=\"authbridge\"", "Bearer realm=\"authbridge\"")
            .expectBody(String.class).isEqualTo("{\"error\":\"Unauthorized\"}");
        assertUpstreamReceivedNothing();
    }

    @Test
    void parentTokenNamingItsSubprojectInBasicIsRejected() {
        Project own = newProject();
        Project subproject = newSubproject(own);
        IssuedToken token = scopedToken(own, Scope.CLIENT);

        client.get().uri("/unfiltered/x").header("Authorization", basic(subproject.id().toString(), token.secret()))
            .exchange()
            .expectStatus().isUnauthorized();
        assertUpstreamReceivedNothing();
    }

    @Test
    void subprojectTokenIsAcceptedOnlyUnderTheSubprojectId() {
        Project parent = newProject();
        Project subproject = newSubproject(parent);
        IssuedToken token = permissionToken(subproject, Permission.CALLING);

        client.get().uri("/unfiltered/x").header("Authorization", basic(subproject.id().toString(), token.secret()))
            .exchange()
            .expectStatus().isOk();
        assertThat(receivedUpstream().getHeader("X-Auth-Project-Id")).isEqualTo(subproject.id().toString());

        client.get().uri("/unfiltered/x").header("Authorization", basic(parent.id().toString(), token.secret()))
            .exchange()
            .expectStatus().isUnauthorized()
            .expectBody(String.class).isEqualTo("{\"error\":\"Unauthorized\"}");
    }

    @Test
    void basicProjectIdIsAcceptedInUpperCase() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        client.get().uri("/unfiltered/x")
            .header("Authorization", basic(project.id().toString().toUpperCase(), token.secret()))
            .exchange()
            .expectStatus().isOk();
    }
}
