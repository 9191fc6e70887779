package io.authbridge.e2e;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that goes away in the middle of its request body is recorded as 499 (the access log's status for a
 * client that went away), on every management API that reads a body and on proxied routes, and is never logged
 * as an error of the gateway's.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientAbortTest extends GatewayTestSupport {

    @Test
    void aBodyCutShortByTheClientIsA499WithoutAnErrorOnEveryEndpointThatReadsOne(CapturedOutput output)
            throws IOException, InterruptedException {
        Project project = newProject();
        String admin = "Authorization: Bearer " + adminToken() + "\r\n";
        IssuedToken manager = permissionToken(project, Permission.MANAGEMENT);
        String signalWire = "Authorization: " + basic(project, manager) + "\r\n";
        String client = "Authorization: Bearer " + scopedToken(project, Scope.CLIENT).secret() + "\r\n";
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("POST /api/v2/auth/login", "");
        requests.put("POST /api/v2/organizations", admin);
        requests.put("POST /api/v2/projects", admin);
        requests.put("POST /api/v2/users", admin);
        requests.put("POST /api/v2/admin/explain", admin);
        requests.put("POST /api/v2/admin/tokens/import", admin);
        requests.put("POST /api/v2/projects/" + project.id() + "/tokens", admin);
        requests.put("POST /api/project/tokens", signalWire);
        requests.put("POST /api/projects", signalWire);
        requests.put("POST /public/abandoned-body", "");
        requests.put("PUT /bearer/abandoned-body", client);
        requests.put("POST /none/abandoned-body", client);

        for (Map.Entry<String, String> request : requests.entrySet()) {
            int before = output.getAll().length();
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.getOutputStream().write((request.getKey() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + request.getValue()
                        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                Thread.sleep(200);
            }
            String line = awaitLine(output, before, request.getKey());
            assertThat(line).as(request.getKey()).contains(request.getKey() + " 499 ");
        }

        assertThat(output.getAll()).doesNotContain("AbortedException").doesNotContain("Unexpected failure");
        assertThat(output.getAll().lines().filter(line -> line.contains(" ERROR ")).toList()).isEmpty();
    }

    /**
     * The access-log line of {@code request} with a status that is not 2xx (the lines are batched: a login's earlier
     * 200 may come later), written after {@code before} characters of output.
     */
    private static String awaitLine(CapturedOutput output, int before, String request) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().substring(before).lines()
            .filter(line -> line.contains("authbridge.access : " + request + " ")
                    && !line.contains("authbridge.access : " + request + " 2"))
            .findFirst()
            .orElse(null), line -> line != null);
    }
}
