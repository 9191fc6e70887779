package io.authbridge.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.NewToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The explain API answers for a method as the gateway answers a request with it: for generated spellings (the nine
 * standard methods in random letter cases, extension methods, strings that are no method), on routes of each dialect,
 * a route chosen by method and no route, its verdict is what the same request gets on a raw socket.
 */
abstract class ExplainMethodSpellingsSupport extends GatewayTestSupport {

    private static final List<String> PATHS = List.of("/public/explained", "/xl/explained", "/sw/messaging/explained",
            "/by-method/explained", "/nowhere/explained");

    /** Each standard method as spelt and in random letter cases, extension methods, and strings that are no method. */
    static List<String> methods(Random random) {
        Set<String> methods = new LinkedHashSet<>();
        for (String standard : MethodSpellingsTest.STANDARD) {
            methods.add(standard);
            for (int i = 0; i < 4; i++) {
                StringBuilder variant = new StringBuilder();
                for (char c : standard.toCharArray()) {
                    variant.append(random.nextBoolean() ? Character.toLowerCase(c) : c);
                }
                methods.add(variant.toString());
            }
        }
        methods.addAll(List.of("PROPFIND", "propfind", "MKCOL", "M-SEARCH", "PURGE", "BREW", "GETS", "X_GET", "Trace1"));
        methods.addAll(List.of("GE T", "", "G(ET", "GET/", "G:T", "G,T", "G\u00c9T", "{}"));
        return new ArrayList<>(methods);
    }

    @Test
    void theExplainVerdictForEveryMethodSpellingIsWhatTheGatewayAnswers() throws IOException {
        Project project = newProject();
        IssuedToken token = issue(project, Scope.CLIENT.bit(), Permission.MESSAGING.bit() | Permission.FAX.bit(), null,
                NewToken.SecretStyle.SIGNALWIRE);
        String admin = adminToken();
        int allowed = 0;
        int denied = 0;
        for (String method : methods(new Random(9110))) {
            for (String path : PATHS) {
                Reply reply = httpPost("/api/v2/admin/explain", bearer(admin),
                        Map.of("token_id", token.stored().id().toString(), "method", method, "path", path));
                assertThat(reply.status().value()).as(method + " " + path + " -> " + reply.text()).isEqualTo(200);
                JsonNode explanation = reply.json();
                RawHttp.Answer answer = RawHttp.exchange(port, method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: " + bearer(token) + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 10_000);
                String description = "[" + method + "] " + path + ": explained " + reply.text() + ", answered "
                        + answer.text();
                if (explanation.get("decision").asString().equals("allow") && method.equals("CONNECT")) {
                    // forwarded as Spring Cloud Gateway forwards it: the test upstream takes it for a tunnel
                    assertThat(answer.status()).as(description).isIn(200, 504);
                    allowed++;
                }
                else if (explanation.get("decision").asString().equals("allow")) {
                    assertThat(answer.status()).as(description).isEqualTo(200);
                    allowed++;
                }
                else {
                    assertThat(answer.status()).as(description).isEqualTo(explanation.get("status").asInt());
                    denied++;
                }
                assertThat(explanation.get("method").asString()).as(description).isEqualTo(method);
            }
        }
        assertThat(allowed).as("allowed").isGreaterThan(40);
        assertThat(denied).as("denied").isGreaterThan(100);
    }
}
