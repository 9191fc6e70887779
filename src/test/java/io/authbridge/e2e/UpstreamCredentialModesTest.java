package io.authbridge.e2e;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the upstream receives in each {@code UpstreamAuth} mode, and the identity headers beside it. */
class UpstreamCredentialModesTest extends GatewayTestSupport {

    @Test
    void preserveForwardsTheAuthorizationHeaderAsTheClientSentIt() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);
        String sent = basic(project, token);

        client.get().uri("/preserve/items").header("Authorization", sent).exchange()
            .expectStatus().isOk().expectBody(String.class).isEqualTo("{\"upstream\":\"ok\"}");

        assertThat(receivedUpstream().getHeader("Authorization")).isEqualTo(sent);
    }

    @Test
    void bearerModeTurnsABasicCredentialIntoTheBearerToken() {
        Project project = newProject();
        IssuedToken token = permissionToken(project, Permission.MESSAGING);

        client.get().uri("/bearer/messages").header("Authorization", basic(project, token)).exchange()
            .expectStatus().isOk();

        assertThat(receivedUpstream().getHeader("Authorization")).isEqualTo("Bearer " + token.secret());
    }

    @Test
    void basicModeTurnsABearerTokenIntoBasicProjectIdAndToken() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        client.get().uri("/basic/calls").header("Authorization", bearer(token)).exchange().expectStatus().isOk();

        assertThat(receivedUpstream().getHeader("Authorization")).isEqualTo(basic(project, token));
    }

    @Test
    void basicModeTurnsAQueryTokenIntoBasicAndDropsTheQueryParameter() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        client.get().uri("/basic/calls?page=2&access_token=" + token.secret()).exchange().expectStatus().isOk();

        LoggedRequest received = receivedUpstream();
        assertThat(received.getHeader("Authorization")).isEqualTo(basic(project, token));
        assertThat(received.getUrl()).isEqualTo("/basic/calls?page=2");
    }

    @Test
    void noneModeSendsNoAuthorizationButStillTheIdentity() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        client.get().uri("/none/internal").header("Authorization", bearer(token)).exchange().expectStatus().isOk();

        LoggedRequest received = receivedUpstream();
        assertThat(received.containsHeader("Authorization")).isFalse();
        assertThat(received.getHeader("X-Auth-Token-Id")).isEqualTo(token.stored().id().toString());
        assertThat(received.getHeader("X-Auth-Project-Id")).isEqualTo(project.id().toString());
    }

    @Test
    void staticBasicModeSendsTheServiceAccountInsteadOfTheClientCredential() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        client.get().uri("/static-basic/legacy").header("Authorization", bearer(token)).exchange().expectStatus().isOk();

        assertThat(receivedUpstream().getHeader("Authorization"))
            .isEqualTo(basic("authbridge-service", "service-password"));
    }

    @Test
    void staticBearerModeSendsTheServiceTokenInsteadOfTheClientCredential() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        client.get().uri("/static-bearer/legacy").header("Authorization", basic(project, token)).exchange()
            .expectStatus().isOk();

        assertThat(receivedUpstream().getHeader("Authorization")).isEqualTo("Bearer service-token");
    }

    @Test
    void identityHeadersDescribeTheTokenWithSortedLists() {
        Project project = newProject();
        IssuedToken token = permissionToken(project, Permission.VIDEO, Permission.CALLING, Permission.FAX);

        client.get().uri("/unfiltered/me").header("Authorization", basic(project, token)).exchange()
            .expectStatus().isOk();

        LoggedRequest received = receivedUpstream();
        assertThat(received.getHeader("X-Auth-Token-Id")).isEqualTo(token.stored().id().toString());
        assertThat(received.getHeader("X-Auth-Project-Id")).isEqualTo(project.id().toString());
        assertThat(received.getHeader("X-Auth-Organization-Id")).isEqualTo(project.organizationId().toString());
        assertThat(received.getHeader("X-Auth-Scopes")).isEqualTo("client");
        assertThat(received.getHeader("X-Auth-Permissions")).isEqualTo("calling,fax,video");
        assertThat(received.containsHeader("X-Auth-User-Id")).isFalse();
    }

    @Test
    void userScopeHoldsEveryPermissionInTheIdentityHeaders() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.USER);

        client.get().uri("/unfiltered/me").header("Authorization", bearer(token)).exchange().expectStatus().isOk();

        LoggedRequest received = receivedUpstream();
        assertThat(received.getHeader("X-Auth-Scopes")).isEqualTo("client,user");
        assertThat(received.getHeader("X-Auth-Permissions"))
            .isEqualTo("calling,chat,datasphere,fax,management,messaging,numbers,pubsub,storage,tasking,video");
    }

    @Test
    void forgedIdentityHeadersAreRemovedAndTheRealOnesSet() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        client.get().uri("/unfiltered/me").header("Authorization", bearer(token))
            .header("X-Auth-Project-Id", "00000000-0000-0000-0000-000000000000")
            .header("x-auth-scopes", "global")
            .header("X-AUTH-User-Id", "forged-user")
            .header("X-Auth-Anything-Else", "forged")
            .exchange()
            .expectStatus().isOk();

        LoggedRequest received = receivedUpstream();
        assertThat(received.getHeaders().getHeader("X-Auth-Project-Id").values()).containsExactly(project.id().toString());
        assertThat(received.getHeaders().getHeader("X-Auth-Scopes").values()).containsExactly("client");
        assertThat(received.containsHeader("X-Auth-User-Id")).isFalse();
        assertThat(received.containsHeader("X-Auth-Anything-Else")).isFalse();
    }

    @Test
    void forgedIdentityHeadersAreRemovedOnPublicRoutesToo() {
        client.get().uri("/public/status").header("X-Auth-Scopes", "global")
            .header("X-Auth-Token-Id", "forged")
            .exchange()
            .expectStatus().isOk();

        LoggedRequest received = receivedUpstream();
        assertThat(received.containsHeader("X-Auth-Scopes")).isFalse();
        assertThat(received.containsHeader("X-Auth-Token-Id")).isFalse();
    }

    @Test
    void clientHeadersPassUnchangedAndTheClientAddressCannotBeForged() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        client.get().uri("/unfiltered/events").header("Authorization", bearer(token))
            .header("User-Agent", "exceptionless-js/2.0")
            .header("X-Exceptionless-Client", "exceptionless-js/2.0.0")
            .header("X-Forwarded-For", "10.9.8.7")
            .exchange()
            .expectStatus().isOk();

        LoggedRequest received = receivedUpstream();
        assertThat(received.getHeader("User-Agent")).isEqualTo("exceptionless-js/2.0");
        assertThat(received.getHeader("X-Exceptionless-Client")).isEqualTo("exceptionless-js/2.0.0");
        assertThat(received.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
    }
}
