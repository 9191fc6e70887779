package io.authbridge.e2e;

import java.io.IOException;
import java.util.List;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.authbridge.HeaderNames;
import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity and forwarding headers in every spelling against a running gateway (SPEC §10): whatever a client
 * sends as {@code X_Auth_User_Id}, {@code x-auth_user-id}, {@code X.AUTH.Scopes} or {@code X_Forwarded_Host},
 * repeated or not, on a public route, a protected one or any {@code UpstreamAuth} mode, the upstream receives
 * only the gateway's own identity headers and its own {@code X-Forwarded-For}.
 */
class IdentityHeaderSpellingsTest extends GatewayTestSupport {

    private static final int TRIES = 200;

    private static final List<String> ROUTES = List.of("/public/x", "/site/x", "/unfiltered/x", "/preserve/x",
            "/bearer/x", "/basic/x", "/none/x", "/static-basic/x", "/static-bearer/x", "/Accounts/{own}/Calls",
            "/jwt/x", "/jwt-header/x", "/rewrite/x", "/strip/x/y", "/site//x", "/bearer/./x");

    private record Case(String route, List<String> forged, boolean credential) {
    }

    @Test
    void noForgedIdentityOrForwardingHeaderReachesTheUpstreamInAnySpelling() throws IOException {
        Project own = newProject();
        IssuedToken key = scopedToken(own, Scope.CLIENT);
        List<Case> cases = cases().sampleStream().limit(TRIES).toList();
        int authenticated = 0;
        for (int i = 0; i < TRIES; i++) {
            Case drawn = cases.get(i);
            String target = drawn.route().replace("{own}", own.id().toString());
            boolean isPublic = target.startsWith("/public") || target.startsWith("/site");
            boolean credential = drawn.credential() || !isPublic;
            StringBuilder lines = new StringBuilder();
            drawn.forged().forEach(name -> lines.append(name).append(": spoofed\r\n"));
            if (credential) {
                lines.append("Authorization: Bearer ").append(key.secret()).append("\r\n");
            }
            upstream.resetRequests();
            RawHttp.Answer answer = RawHttp.get(port, target, lines.toString());
            String description = "case " + i + ": GET " + target + " with " + drawn.forged()
                    + (credential ? " and a client key" : "") + " -> " + answer.status();

            assertThat(answer.status()).as(description).isEqualTo(200);
            LoggedRequest received = receivedUpstream();
            for (HttpHeader header : received.getHeaders().all()) {
                String folded = HeaderNames.fold(header.key());
                if (folded.startsWith("x-auth-") || folded.startsWith("x-forwarded-")) {
                    assertThat(header.values()).as(description + ": " + header.key()).doesNotContain("spoofed");
                    assertThat(header.key()).as(description).isIn("X-Auth-Token-Id", "X-Auth-Project-Id",
                            "X-Auth-Organization-Id", "X-Auth-Scopes", "X-Auth-Permissions", "X-Forwarded-For");
                }
            }
            assertThat(received.getHeader("X-Forwarded-For")).as(description).isEqualTo("127.0.0.1");
            if (credential) {
                authenticated++;
                assertThat(received.getHeader("X-Auth-Token-Id")).as(description)
                    .isEqualTo(key.stored().id().toString());
                assertThat(received.getHeader("X-Auth-Project-Id")).as(description).isEqualTo(own.id().toString());
            }
            else {
                assertThat(received.containsHeader("X-Auth-Token-Id")).as(description).isFalse();
            }
        }
        assertThat(authenticated).isGreaterThan(TRIES / 2);
    }

    private static Arbitrary<Case> cases() {
        Arbitrary<String> x = Arbitraries.of("X", "x");
        Arbitrary<String> separator = Arbitraries.of("-", "_", ".");
        Arbitrary<String> word = Arbitraries.of("Auth", "auth", "AUTH", "aUtH", "Forwarded", "forwarded", "FORWARDED");
        Arbitrary<String> tail = Arbitraries.of("User-Id", "User_Id", "user_id", "Token-Id", "TOKEN_ID", "Scopes",
                "Permissions", "Project_Id", "Organization-Id", "For", "Host", "Proto", "Port", "Prefix", "anything");
        Arbitrary<String> name = Combinators.combine(x, separator, word, separator, tail)
            .as((first, sep1, middle, sep2, last) -> first + sep1 + middle + sep2 + last);
        return Combinators.combine(Arbitraries.of(ROUTES), name.list().ofMinSize(1).ofMaxSize(5),
                Arbitraries.of(true, false)).as(Case::new);
    }
}
