package io.authbridge.e2e;

import java.util.List;

import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Content-Type that does not parse is the client's error on every management endpoint that reads a body: 415
 * in the endpoint's dialect, never a 500.
 */
class UnparseableContentTypeTest extends GatewayTestSupport {

    private static final List<String> TYPES = List.of(";;;", "a/b/c", "application/json;charset=bogus",
            "application/json;charset=\"", "/", "application/");

    @Test
    void everyWriteEndpointAnswersAnUnparseableContentTypeWith415InItsDialect() throws Exception {
        Project project = newProject();
        IssuedToken manager = permissionToken(project, Permission.MANAGEMENT);
        String admin = "Bearer " + adminToken();
        String signalWire = basic(project, manager);
        // tokens the callers manage: one named in the path that they do not is not found before the body is read
        String id = permissionToken(project, Permission.MANAGEMENT).stored().id().toString();
        String key = scopedToken(project, Scope.CLIENT).stored().id().toString();
        List<String[]> endpoints = List.of(new String[] { "POST", "/api/v2/auth/login", null },
                new String[] { "POST", "/api/v2/organizations", admin }, new String[] { "POST", "/api/v2/projects", admin },
                new String[] { "POST", "/api/v2/projects/" + project.id() + "/tokens", admin },
                new String[] { "PATCH", "/api/v2/tokens/" + key, admin },
                new String[] { "PUT", "/api/v2/tokens/" + key, admin },
                new String[] { "POST", "/api/v2/users", admin }, new String[] { "POST", "/api/v2/admin/explain", admin },
                new String[] { "POST", "/api/v2/admin/tokens/import", admin },
                new String[] { "POST", "/api/project/tokens", signalWire },
                new String[] { "PATCH", "/api/project/tokens/" + id, signalWire },
                new String[] { "POST", "/api/projects", signalWire });
        for (String[] endpoint : endpoints) {
            for (String type : TYPES) {
                // sent as bytes: an HTTP client library would refuse to send such a header
                String authorization = endpoint[2] == null ? "" : "Authorization: " + endpoint[2] + "\r\n";
                RawHttp.Answer answer = RawHttp.exchange(port, endpoint[0] + " " + endpoint[1]
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + authorization + "Content-Type: "
                        + type + "\r\nContent-Length: 2\r\n\r\n{}", 10_000);
                assertThat(answer.status()).as(endpoint[0] + " " + endpoint[1] + " with " + type).isEqualTo(415);
                assertThat(answer.text()).as(endpoint[0] + " " + endpoint[1]).contains("\r\n\r\n{");
            }
        }
    }
}
