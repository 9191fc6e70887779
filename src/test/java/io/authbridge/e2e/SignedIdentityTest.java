package io.authbridge.e2e;

import java.net.URI;
import java.util.Base64;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Permission;
import io.authbridge.token.StoredToken;
import io.authbridge.token.TokenChange;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code UpstreamAuth mode: jwt} as an upstream sees it: what arrives verifies against the gateway's
 * {@code /.well-known/jwks.json} with a JOSE library that knows nothing of AuthBridge (Nimbus, fetching the
 * keys over HTTP like any upstream would), names the caller, and follows every change to the token.
 */
class SignedIdentityTest extends GatewayTestSupport {

    private static final String ISSUER = "https://gateway.test";

    /** An upstream's verifier: the keys from the gateway's JWKS URL, then signature, iss, aud and exp. */
    private DefaultJWTProcessor<SecurityContext> verifierFor(String audience) throws Exception {
        JWKSource<SecurityContext> keys = JWKSourceBuilder
            .create(URI.create("http://127.0.0.1:" + port + "/.well-known/jwks.json").toURL(),
                    new com.nimbusds.jose.util.DefaultResourceRetriever(10_000, 10_000))
            .retrying(false)
            .build();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(java.util.Set.of(JWSAlgorithm.ES256,
                JWSAlgorithm.RS256), keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(ISSUER).build(), java.util.Set.of("sub", "iat", "exp", "jti")));
        return processor;
    }

    private String assertionReceived(String header) {
        LoggedRequest request = receivedUpstream();
        upstream.resetRequests();
        return request.getHeader(header);
    }

    private String callJwtRoute(IssuedToken token) {
        Reply reply = httpGet("/jwt/calls", bearer(token));
        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.OK);
        String authorization = assertionReceived("Authorization");
        assertThat(authorization).startsWith("Bearer ");
        return authorization.substring("Bearer ".length());
    }

    @Test
    void theUpstreamVerifiesTheAssertionWithTheGatewaysPublishedKeys() throws Exception {
        Project project = newProject();
        IssuedToken token = permissionToken(project, Permission.MESSAGING, Permission.CALLING);

        String jwt = callJwtRoute(token);

        JWTClaimsSet claims = verifierFor("jwt").process(jwt, null);
        assertThat(claims.getSubject()).isEqualTo(token.stored().id().toString());
        assertThat(claims.getStringClaim("project")).isEqualTo(project.id().toString());
        assertThat(claims.getStringClaim("org")).isEqualTo(project.organizationId().toString());
        assertThat(claims.getStringClaim("scope")).isEqualTo("client");
        assertThat(claims.getStringListClaim("permissions")).containsExactly("calling", "messaging");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(60_000);
        // the caller's secret went no further than the gateway
        assertThat(receivedHeadersContain(token.secret())).isFalse();
    }

    private boolean receivedHeadersContain(String secret) {
        return upstreamRequests().stream()
            .anyMatch(request -> request.getHeaders().all().stream().anyMatch(h -> h.values().toString().contains(secret)));
    }

    @Test
    void aTamperedOrForeignAssertionIsRejectedByTheUpstream() throws Exception {
        IssuedToken token = permissionToken(newProject(), Permission.MESSAGING);
        String jwt = callJwtRoute(token);
        DefaultJWTProcessor<SecurityContext> verifier = verifierFor("jwt");
        String[] parts = jwt.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
        String widened = payload.replace("\"messaging\"", "\"messaging\",\"management\"");
        assertThat(widened).isNotEqualTo(payload);
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(widened.getBytes())
                + "." + parts[2];

        assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifier.process(tampered, null));
        // a genuine assertion for another audience is no good either
        assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifierFor("other-api").process(jwt, null));
        assertThat(verifier.process(jwt, null).getSubject()).isEqualTo(token.stored().id().toString());
    }

    @Test
    void anAssertionIsReusedForTheSameTokenAndRouteUntilTheTokenChanges() throws Exception {
        Project project = newProject();
        IssuedToken token = permissionToken(project, Permission.MESSAGING, Permission.FAX);
        String first = callJwtRoute(token);
        assertThat(callJwtRoute(token)).isEqualTo(first);

        StoredToken stored = token.stored();
        tokens.update(stored.id(), TokenChange.none().withPermissions(Permission.MESSAGING.bit())).block();
        String afterChange = callJwtRoute(token);

        assertThat(afterChange).isNotEqualTo(first);
        assertThat(verifierFor("jwt").process(afterChange, null).getStringListClaim("permissions"))
            .containsExactly("messaging");
    }

    @Test
    void aDisabledAndReEnabledTokenNeverGetsItsEarlierAssertionBack() {
        IssuedToken token = permissionToken(newProject(), Permission.MESSAGING);
        String before = callJwtRoute(token);
        StoredToken stored = token.stored();
        tokens.update(stored.id(), TokenChange.disable(true))
            .block();
        assertThat(httpGet("/jwt/calls", bearer(token)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertUpstreamReceivedNothing();

        tokens.update(stored.id(), TokenChange.disable(false))
            .block();

        assertThat(callJwtRoute(token)).isNotEqualTo(before);
    }

    @Test
    void aRouteWithItsOwnHeaderSendsTheBareAssertionForItsAudienceAndNoCredential() throws Exception {
        IssuedToken token = permissionToken(newProject(), Permission.VIDEO);

        Reply reply = send(client, org.springframework.http.HttpMethod.GET, "/jwt-header/x", basicOf(token), null, null);

        assertThat(reply.status()).isEqualTo(HttpStatus.OK);
        LoggedRequest received = receivedUpstream();
        assertThat(received.containsHeader("Authorization")).isFalse();
        JWTClaimsSet claims = verifierFor("https://api.internal").process(received.getHeader("X-Identity-Assertion"),
                null);
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(300_000);
    }

    private static String basicOf(IssuedToken token) {
        return basic(token.stored().projectId(), token.secret());
    }

    @Test
    void anAnonymousCallerOfAPublicJwtRouteCannotForgeTheAssertionHeader() {
        Reply reply = send(clientWithHeader("X-Identity-Assertion", "eyJhbGciOiJub25lIn0.e30."),
                org.springframework.http.HttpMethod.GET, "/jwt-header/x", null, null, null);

        assertThat(reply.status()).isEqualTo(HttpStatus.OK);
        assertThat(receivedUpstream().containsHeader("X-Identity-Assertion")).isFalse();
    }

    private org.springframework.test.web.reactive.server.WebTestClient clientWithHeader(String name, String value) {
        return client.mutate().defaultHeader(name, value).build();
    }

    @Test
    void theKeySetIsPublicJsonServedBeforeAnyRouteWithoutPrivateParts() {
        Reply reply = httpGet("/.well-known/jwks.json", null);

        assertThat(reply.status()).isEqualTo(HttpStatus.OK);
        assertThat(reply.contentType()).isEqualTo("application/json");
        assertThat(reply.headers().getCacheControl()).contains("max-age=300");
        assertThat(reply.json().get("keys")).isNotEmpty();
        assertThat(reply.json().get("keys").get(0).get("kid").asString()).isNotBlank();
        assertThat(reply.text()).doesNotContain("\"d\"");
        assertUpstreamReceivedNothing();
        assertThat(List.of(reply.json().get("keys").get(0).get("alg").asString())).containsAnyOf("ES256", "RS256");
    }
}
