package io.authbridge.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway releases every Netty buffer of every kind of exchange: each {@code UpstreamAuth} mode and credential
 * form, bodies proxied and bodies refused unread, errors of the gateway's own (400, 401, 403) and of the upstream's
 * (down, too slow), clients that go away mid-request and mid-response, the management API. Netty's leak detector,
 * set to track every buffer for the while, reports a buffer collected unreleased when it tracks the next one; the
 * test's own clients release what a test leaves unread ({@link io.authbridge.DrainingConnector}), and the upstream is no Netty
 * server, so a report is the gateway's.
 */
@ExtendWith(OutputCaptureExtension.class)
class BufferLeaksTest extends GatewayTestSupport {

    private static final int ROUNDS = 8;

    @Test
    void everyKindOfExchangeReleasesEveryBuffer(CapturedOutput output) throws Exception {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT, Scope.USER);
        IssuedToken messaging = permissionToken(project, Permission.MESSAGING, Permission.MANAGEMENT);
        // what earlier tests left for the collector is reported before this test looks
        collectAndTrackMore();
        int from = output.getAll().length();
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                exchanges(token, messaging, project, round == 0);
            }
            for (int i = 0; i < 4; i++) {
                collectAndTrackMore();
            }
        }
        finally {
            ResourceLeakDetector.setLevel(level);
        }
        String during = output.getAll().substring(from);
        assertThat(during).as("Netty's leak reports").doesNotContain("LEAK:");
    }

    private void exchanges(IssuedToken token, IssuedToken messaging, Project project, boolean slow) throws IOException {
        byte[] body = new byte[256 * 1024];
        java.util.Arrays.fill(body, (byte) 'a');
        assertThat(httpGet("/public/leaks", null).status()).isEqualTo(HttpStatus.OK);
        for (String path : List.of("/unfiltered/leaks", "/preserve/leaks", "/bearer/leaks", "/basic/leaks", "/none/leaks",
                "/static-basic/leaks", "/static-bearer/leaks", "/jwt/leaks", "/jwt-header/leaks", "/xl/leaks",
                "/xl/admin/leaks")) {
            httpGet(path, bearer(token));
            httpGet(path + "?access_token=" + token.secret() + "&keep=1", null);
            httpGet(path, basic(project, token));
        }
        httpGet("/sw/messaging/leaks", basic(project, messaging));
        httpGet("/api/messaging/leaks", basic(project, messaging));
        httpGet("/laml/Accounts/" + project.id() + ".json", basic(project, messaging));
        // bodies proxied, and refused unread (no credential, a credential of another project)
        send(this.client, HttpMethod.POST, "/public/leaks", null, "application/octet-stream", body);
        send(this.client, HttpMethod.POST, "/bearer/leaks", bearer(token), "application/octet-stream", body);
        send(this.client, HttpMethod.POST, "/bearer/leaks", null, "application/octet-stream", body);
        send(this.client, HttpMethod.POST, "/sw/messaging/leaks", basic(newProject(), messaging), "application/json", body);
        // the gateway's own errors: an unknown token, a malformed one, a path it refuses
        httpGet("/bearer/leaks", bearer("unknown-token-0123456789abcdefghijklmnop"));
        httpGet("/bearer/leaks", "Basic %%%");
        RawHttp.get(port, "/public/%2e%2e/leaks", "");
        // the upstream's: down, and (once) slower than the route's response timeout
        assertThat(httpGet("/down/leaks", bearer(token)).status().is5xxServerError()).isTrue();
        if (slow) {
            assertThat(httpGet("/sluggish/leaks", bearer(token)).status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        }
        // clients that go away: with half a body sent, and before the (slow) upstream answers
        leaveMidBody("/bearer/leaks", bearer(token));
        leaveMidBody("/public/leaks", null);
        if (slow) {
            leaveBeforeTheAnswer("/slow/leaks", bearer(token));
        }
        // the management API
        httpGet("/api/v2/users/me", bearer(token));
        httpGet("/api/v2/tokens", bearer(token));
    }

    private void leaveMidBody(String path, String authorization) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[50_000]);
            out.flush();
        }
    }

    private void leaveBeforeTheAnswer(String path, String authorization) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                    + authorization + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            sleep(300);
        }
    }

    /** Collects what is unreachable, then has Netty track new buffers: the detector reports when it tracks. */
    private void collectAndTrackMore() {
        System.gc();
        sleep(200);
        for (int i = 0; i < 5; i++) {
            httpGet("/public/leaks-after", null);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
