package io.authbridge.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client trickling its request body (one byte every 100 ms of a declared 100, by length or in a chunk) is answered
 * 408 in the route's dialect and its connection closed once {@code authbridge.server.request-body-timeout} (1 s here)
 * has passed, on the management APIs and on proxied routes, whatever the method; a body sent in time is served.
 */
@TestPropertySource(properties = "authbridge.server.request-body-timeout=1s")
class SlowRequestBodyTest extends GatewayTestSupport {

    @Test
    void aTrickledBodyIsAnswered408InTheRoutesDialectAndTheConnectionClosedAfterTheBound() throws Exception {
        IssuedToken key = scopedToken(newProject(), Scope.CLIENT);
        String client = "Authorization: Bearer " + key.secret() + "\r\n";
        String admin = "Authorization: Bearer " + adminToken() + "\r\n";
        // request line and credential -> whether the answer is Exceptionless problem details
        Map<String, Boolean> requests = new LinkedHashMap<>();
        requests.put("POST /api/v2/auth/login HTTP/1.1\r\n", true);
        requests.put("POST /api/v2/organizations HTTP/1.1\r\n" + admin, true);
        requests.put("POST /public/slow-body HTTP/1.1\r\n", true);
        requests.put("POST /bearer/slow-body HTTP/1.1\r\n" + client, false);
        requests.put("PUT /none/slow-body HTTP/1.1\r\n" + client, false);
        requests.put("GET /bearer/slow-body HTTP/1.1\r\n" + client, false);

        // each framing of a body: a declared length, and chunks (the first chunk's size sent, its bytes trickled)
        for (String framing : new String[] { "Content-Length: 100\r\n\r\n", "Transfer-Encoding: chunked\r\n\r\n64\r\n" })
        for (Map.Entry<String, Boolean> request : requests.entrySet()) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(200);
                OutputStream out = socket.getOutputStream();
                long start = System.nanoTime();
                out.write((request.getKey() + "Host: 127.0.0.1\r\nContent-Type: application/json\r\n" + framing)
                    .getBytes(StandardCharsets.US_ASCII));
                StringBuilder answer = new StringBuilder();
                boolean closed = false;
                for (int sent = 0; sent < 100 && !closed; sent++) {
                    try {
                        out.write('{');
                        out.flush();
                    }
                    catch (IOException reset) {
                        break;
                    }
                    closed = read(socket, answer);
                    if (!closed) {
                        Thread.sleep(100);
                    }
                }
                socket.setSoTimeout(5000);
                while (!closed) {
                    closed = read(socket, answer);
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                String what = request.getKey().lines().findFirst().orElseThrow() + " " + framing.lines().findFirst().orElseThrow();
                assertThat(answer.toString()).as(what).startsWith("HTTP/1.1 408 ");
                assertThat(answer.toString().contains("application/problem+json")).as(what).isEqualTo(request.getValue());
                assertThat(millis).as(what + ": closed after (ms)").isBetween(800L, 8000L);
            }
        }
    }

    @Test
    void aBodySentInTimeIsServed() throws IOException {
        RawHttp.Answer answer = RawHttp.exchange(port, "POST /public/in-time HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Length: 5\r\n\r\nhello", 5000);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(receivedUpstream().getBodyAsString()).isEqualTo("hello");
    }

    /** Reads what is there into {@code answer}; whether the server closed the connection. */
    private static boolean read(Socket socket, StringBuilder answer) throws IOException {
        byte[] buffer = new byte[8192];
        try {
            int n = socket.getInputStream().read(buffer);
            if (n < 0) {
                return true;
            }
            answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            return false;
        }
        catch (SocketTimeoutException quiet) {
            return false;
        }
        catch (IOException reset) {
            return true;
        }
    }
}
