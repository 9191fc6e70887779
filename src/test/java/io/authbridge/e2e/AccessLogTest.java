package io.authbridge.e2e;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The access log: one line per request, with what an operator needs and no secret. */
@ExtendWith(OutputCaptureExtension.class)
class AccessLogTest extends GatewayTestSupport {

    @Test
    void aLineNamesMethodPathStatusRouteOutcomeTokenAndClientButNotTheQueryCredential(CapturedOutput output) {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        client.get().uri("/unfiltered/logged?limit=5&access_token=" + token.secret()).exchange()
            .expectStatus().isOk();
        client.get().uri("/unfiltered/refused").header("Authorization", "Bearer UnknownTokenForTheAccessLog0000000000")
            .exchange()
            .expectStatus().isUnauthorized();

        String accepted = awaitLine(output, "GET /unfiltered/logged");
        assertThat(accepted).matches(".*authbridge\\.access : GET /unfiltered/logged\\?limit=5 200 \\d+ms route=unfiltered "
                + "auth=authenticated token=" + token.stored().id() + " ip=127\\.0\\.0\\.1");
        String refused = awaitLine(output, "GET /unfiltered/refused");
        assertThat(refused).matches(".* GET /unfiltered/refused 401 \\d+ms route=unfiltered auth=rejected token=- ip=127\\.0\\.0\\.1");
        assertThat(output.getAll()).doesNotContain(token.secret());
    }

    @Test
    void aRequestTheClientGaveUpOnIsLoggedAs499(CapturedOutput output) throws IOException, InterruptedException {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET /sluggish/abandoned HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + token.secret() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread.sleep(300);
        }

        assertThat(awaitLine(output, "GET /sluggish/abandoned"))
            .matches(".* GET /sluggish/abandoned 499 \\d+ms route=sluggish auth=authenticated token=" + token.stored().id()
                    + " ip=127\\.0\\.0\\.1");
    }

    private static String awaitLine(CapturedOutput output, String request) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().lines()
            .filter(line -> line.contains("authbridge.access : " + request + " ") || line.contains("authbridge.access : " + request + "?"))
            .findFirst()
            .orElse(null), line -> line != null);
    }
}
