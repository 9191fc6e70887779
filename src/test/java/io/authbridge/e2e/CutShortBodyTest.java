package io.authbridge.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request body the client cuts short (fewer bytes than its {@code Content-Length}, chunks without the last
 * one) never reaches the upstream as a complete request, whatever the framing, wherever the body stops and
 * however the client stops sending: the upstream (WireMock, which records a request once it has read all of it)
 * records nothing, the client is never answered 200, and the access log records the request as 499.
 */
@ExtendWith(OutputCaptureExtension.class)
class CutShortBodyTest extends GatewayTestSupport {

    /** A body of 100 bytes as its framing sends it. */
    enum Framing {
        CONTENT_LENGTH("HTTP/1.1", "Content-Length: 100\r\n", "x".repeat(100)),
        CHUNKED("HTTP/1.1", "Transfer-Encoding: chunked\r\n", "32\r\n" + "x".repeat(50) + "\r\n32\r\n" + "y".repeat(50)
                + "\r\n0\r\n\r\n"),
        HTTP_1_0_CONTENT_LENGTH("HTTP/1.0", "Content-Length: 100\r\n", "x".repeat(100));

        final String version;

        final String header;

        final String body;

        Framing(String version, String header, String body) {
            this.version = version;
            this.header = header;
            this.body = body;
        }

        /** Where the body stops: nothing, one byte, the middle, one byte short; chunks without the last one. */
        List<Integer> cuts() {
            List<Integer> cuts = new ArrayList<>(List.of(0, 1, body.length() / 2, body.length() - 1));
            if (this == CHUNKED) {
                cuts.add(body.length() - "0\r\n\r\n".length());
            }
            return cuts;
        }
    }

    /** How the client stops sending. */
    enum Stop {
        /** Shuts its writing side down (a FIN) and reads what comes back. */
        HALF_CLOSE,
        /** Closes the connection. */
        CLOSE,
        /** Resets the connection (SO_LINGER 0). */
        RESET
    }

    @Test
    void aBodyCutShortNeverReachesTheUpstreamAsACompleteRequest(CapturedOutput output) throws Exception {
        IssuedToken key = scopedToken(newProject(), Scope.CLIENT);
        // public and authenticated routes to both upstreams, every credential form, credentials rewritten or dropped
        String[][] routes = { { "/recorded/public/cut", "" },
                { "/recorded/basic/cut", "Authorization: Bearer " + key.secret() + "\r\n" },
                { "/public/cut", "" },
                { "/bearer/cut", "Authorization: " + basic("client", key.secret()) + "\r\n" },
                { "/none/cut", "", "?access_token=" + key.secret() } };
        int n = 0;
        int partlyForwarded = 0;
        List<String> paths = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Framing framing : Framing.values())
        for (int cut : framing.cuts())
        for (Stop stop : Stop.values())
        for (String[] route : routes) {
            String path = route[0] + "-" + n++ + "-" + framing + "-" + cut + "-" + stop;
            paths.add(path);
            String head = "POST " + path + (route.length > 2 ? route[2] : "") + " " + framing.version
                    + "\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n" + route[1] + framing.header + "\r\n";
            int before = output.getAll().length();
            String answer = send(head + framing.body.substring(0, cut), stop);
            String what = framing + " cut at " + cut + " " + stop + " " + path;
            String line = accessLine(output, before, path);
            if (answer.startsWith("HTTP/1.1 200") || answer.startsWith("HTTP/1.0 200")) {
                failures.add(what + ": answered " + answer.lines().findFirst().orElse(""));
            }
            if (line == null || !line.contains(" 499 ")) {
                failures.add(what + ": access line " + line);
            }
            RecordingUpstream.Received received = recordingUpstream.of(path);
            if (received != null && received.bodyBytes() > 0) {
                partlyForwarded++;
            }
        }
        // a request still in flight has had time to arrive, and pooled upstream connections are used again, so that
        // a connection left open mid-body would have the next request read into it
        Thread.sleep(500);
        for (int i = 0; i < 10; i++) {
            assertThat(httpPost("/public/after-cuts", null, "{}").status().value()).isEqualTo(200);
            assertThat(httpPost("/recorded/public/after-cuts-" + i, null, "{}").status().value()).isEqualTo(200);
        }
        for (String path : paths) {
            if (!upstream.findAll(anyRequestedFor(urlPathEqualTo(path))).isEmpty()) {
                failures.add(path + ": WireMock recorded a complete request");
            }
            RecordingUpstream.Received received = recordingUpstream.of(path);
            if (received != null && received.complete()) {
                failures.add(path + ": the recording upstream read a complete request of " + received.bodyBytes() + " bytes");
            }
        }
        assertThat(failures).isEmpty();
        assertThat(n).as("cases").isEqualTo(195);
        // the cuts happened while the body was being forwarded, not only before the upstream was asked
        assertThat(partlyForwarded).as("requests whose body had partly reached the recording upstream").isPositive();
        assertThat(recordingUpstream.of("/recorded/public/after-cuts-9").complete()).isTrue();
    }

    @Test
    void aWholeBodyInEveryFramingReachesTheUpstreamWhole() throws Exception {
        for (Framing framing : Framing.values()) {
            for (String route : new String[] { "/public/whole-", "/recorded/public/whole-" }) {
                String path = route + framing;
                String answer = RawHttp.exchange(port, "POST " + path + " " + framing.version
                        + "\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: text/plain\r\n" + framing.header
                        + "\r\n" + framing.body, 10_000).text();
                assertThat(answer).as(path).startsWith("HTTP/1.1 200");
            }
            String sent = framing == Framing.CHUNKED ? "x".repeat(50) + "y".repeat(50) : framing.body;
            assertThat(upstream.findAll(anyRequestedFor(urlPathEqualTo("/public/whole-" + framing))))
                .as(framing.toString())
                .singleElement()
                .satisfies(request -> assertThat(request.getBodyAsString()).isEqualTo(sent));
            assertThat(recordingUpstream.of("/recorded/public/whole-" + framing))
                .isEqualTo(new RecordingUpstream.Received("/recorded/public/whole-" + framing, true, 100));
        }
    }

    /** Writes {@code request}, stops as told and returns what the gateway answered (empty when nothing). */
    private String send(String request, Stop stop) throws IOException, InterruptedException {
        Socket socket = new Socket("127.0.0.1", port);
        try {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            // the gateway reads the head, authenticates and opens the upstream request before the body stops
            Thread.sleep(120);
            switch (stop) {
                case HALF_CLOSE -> {
                    socket.shutdownOutput();
                    return read(socket);
                }
                case RESET -> socket.setSoLinger(true, 0);
                case CLOSE -> {
                }
            }
            return "";
        }
        finally {
            socket.close();
        }
    }

    private static String read(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        StringBuilder read = new StringBuilder();
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            for (int got; (got = in.read(buffer)) >= 0; ) {
                read.append(new String(buffer, 0, got, StandardCharsets.ISO_8859_1));
            }
        }
        catch (SocketTimeoutException | java.net.SocketException ignored) {
            // nothing more
        }
        return read.toString();
    }

    /** The access-log line of the request to {@code path}, written after {@code before} characters of output. */
    private static String accessLine(CapturedOutput output, int before, String path) {
        try {
            return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().substring(before).lines()
                .filter(line -> line.contains("authbridge.access : POST " + path + " "))
                .findFirst()
                .orElse(null), line -> line != null);
        }
        catch (org.awaitility.core.ConditionTimeoutException none) {
            return null;
        }
    }
}
