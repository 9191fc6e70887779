package io.authbridge.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One path, decided once (SPEC §10), by example: the issue's own findings, the refusal's dialect, the query
 * left alone, and the management APIs, the console and the explain API on the same canonical path as the
 * routes. {@link PathSpellingsTest} holds the rules over generated spellings.
 */
@ExtendWith(OutputCaptureExtension.class)
class CanonicalPathsTest extends GatewayTestSupport {

    @Test
    void aRepeatedSlashNoLongerSkipsTheProtectedRouteDeclaredFirst() throws IOException {
        RawHttp.Answer answer = RawHttp.get(port, "/site//admin/users", "");

        assertThat(answer.status()).isEqualTo(401);
        assertUpstreamReceivedNothing();
    }

    @Test
    void dotSegmentsAreResolvedBeforeTheRouteIsChosenAndTheUpstreamGetsTheResolvedPath() throws IOException {
        assertThat(RawHttp.get(port, "/site/open/../admin/users", "").status()).isEqualTo(401);
        assertUpstreamReceivedNothing();

        assertThat(RawHttp.get(port, "/site/admin/../open/./page", "").status()).isEqualTo(200);
        assertThat(receivedUpstream().getUrl()).isEqualTo("/site/open/page");
    }

    @Test
    void encodedDotsSlashesAndBackslashesAreRefusedInTheDefaultDialect() throws IOException {
        for (String target : new String[] { "/site/open/%2e%2e/admin/users", "/site/%2E%2e/admin", "/site%2Fadmin/users",
                "/site/%5cadmin", "/site/..;/admin/users", "/site/%00/x", "/../site/admin", "/site/%252e%252e/admin" }) {
            RawHttp.Answer answer = RawHttp.get(port, target, "");

            assertThat(answer.status()).as(target).isEqualTo(400);
            assertThat(answer.text()).as(target).contains("Content-Type: application/json")
                .endsWith("{\"error\":\"Bad Request\"}");
        }
        assertUpstreamReceivedNothing();
    }

    @Test
    void aProjectVariableIsReadFromTheCanonicalPath() throws IOException {
        Project own = newProject();
        Project other = newProject();
        IssuedToken key = scopedToken(own, Scope.CLIENT);
        String credential = "Authorization: Bearer " + key.secret() + "\r\n";

        RawHttp.Answer elsewhere = RawHttp.get(port, "/Accounts/" + own.id() + "/../" + other.id() + "/Calls", credential);

        assertThat(elsewhere.status()).isEqualTo(401);
        assertThat(elsewhere.text()).contains("\"code\":20003");
        assertUpstreamReceivedNothing();

        RawHttp.Answer home = RawHttp.get(port, "/Accounts/" + other.id() + "/../" + own.id() + "//Calls", credential);

        assertThat(home.status()).isEqualTo(200);
        assertThat(receivedUpstream().getUrl()).isEqualTo("/Accounts/" + own.id() + "/Calls");
    }

    @Test
    void noHeaderTellsTheUpstreamToServeAnotherPath() throws IOException {
        for (String target : new String[] { "/site/open", "/site//open" }) {
            upstream.resetRequests();

            RawHttp.get(port, target, "X-Original-URL: /site/admin/users\r\nX_Rewrite_URL: /site/admin/users\r\n"
                    + "x-original-uri: /site/admin/users\r\n");

            LoggedRequest received = receivedUpstream();
            assertThat(received.getUrl()).isEqualTo("/site/open");
            assertThat(received.getHeaders().all()).as(target)
                .noneMatch(header -> header.values().contains("/site/admin/users"));
        }
    }

    @Test
    void theQueryIsForwardedAsItCame() throws IOException {
        RawHttp.get(port, "/site/a/./b?next=/x/../y&dots=%2e%2e&slash=%2F", "");

        assertThat(receivedUpstream().getUrl()).isEqualTo("/site/a/b?next=/x/../y&dots=%2e%2e&slash=%2F");
    }

    @Test
    void routeFiltersRewriteTheCanonicalPath() throws IOException {
        IssuedToken key = scopedToken(newProject(), Scope.CLIENT);
        String credential = "Authorization: Bearer " + key.secret() + "\r\n";

        RawHttp.get(port, "/rewrite//a/%62/../c", credential);
        assertThat(receivedUpstream().getUrl()).isEqualTo("/rewritten/a/c");

        upstream.resetRequests();
        RawHttp.get(port, "/strip/./x//y", credential);
        assertThat(receivedUpstream().getUrl()).isEqualTo("/x/y");
    }

    @Test
    void theManagementApisAndTheConsoleSeeTheCanonicalPath() throws IOException {
        String admin = "Authorization: Bearer " + adminToken() + "\r\n";

        assertThat(RawHttp.get(port, "/api/v2//projects", admin).status()).isEqualTo(200);
        assertThat(RawHttp.get(port, "/api/v2/./projects", admin).status()).isEqualTo(200);
        assertThat(RawHttp.get(port, "/api/v2/x/../projects", admin).status()).isEqualTo(200);
        assertThat(RawHttp.get(port, "/api/v2/%70rojects", admin).status()).isEqualTo(200);
        assertThat(RawHttp.get(port, "/console//", "").status()).isEqualTo(200);
        assertThat(RawHttp.get(port, "/api/v2/%2e%2e/v2/projects", admin).status()).isEqualTo(400);
        assertUpstreamReceivedNothing();
    }

    @Test
    void theAccessLogNamesTheCanonicalPath(CapturedOutput output) throws IOException {
        String marker = UUID.randomUUID().toString();

        RawHttp.get(port, "/site//" + marker + "/./a/../logged", "");

        String line = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().lines()
            .filter(candidate -> candidate.contains(marker)).findFirst().orElse(null), Objects::nonNull);
        assertThat(line).contains("GET /site/" + marker + "/logged 200");
    }

    @Test
    void theExplainApiCanonicalisesThePathAsTheGatewayDoes() {
        String admin = adminToken();
        IssuedToken key = scopedToken(newProject(), Scope.CLIENT);
        String id = key.stored().id().toString();

        JsonNode explained = httpPost("/api/v2/admin/explain", bearer(admin),
                Map.of("token_id", id, "path", "/site//admin/users")).json();

        assertThat(explained.get("route").asString()).isEqualTo("site-admin");
        assertThat(explained.get("decision").asString()).isEqualTo("deny");

        Reply refused = httpPost("/api/v2/admin/explain", bearer(admin),
                Map.of("token_id", id, "path", "/site/%2e%2e/admin/users"));

        assertThat(refused.problemTitle(400)).contains("encoded dot");
        assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);

        // a path the gateway routes on its canonical path, not an authority
        JsonNode doubleSlash = httpPost("/api/v2/admin/explain", bearer(admin),
                Map.of("token_id", id, "path", "//site/admin/users")).json();
        assertThat(doubleSlash.get("route").asString()).isEqualTo("site-admin");

        Reply rawByte = httpPost("/api/v2/admin/explain", bearer(admin),
                Map.of("token_id", id, "path", "/site/admin/users?q=\u00e9"));
        assertThat(rawByte.status()).as(rawByte.text()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(rawByte.problemTitle(400)).contains("raw byte");
        assertThat(rawByte.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    }
}
