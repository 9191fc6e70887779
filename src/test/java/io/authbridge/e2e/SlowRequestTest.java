package io.authbridge.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients too slow to send their request headers are cut off after {@code authbridge.server.request-headers-timeout}
 * (1 s here), raw socket by raw socket: half a header line, a byte at a time, nothing at all. A client that sent
 * its headers in time keeps its connection however long the answer or the next request takes.
 */
@TestPropertySource(properties = "authbridge.server.request-headers-timeout=1s")
class SlowRequestTest extends GatewayTestSupport {

    @Test
    void aConnectionThatSendsHalfAHeaderLineIsAnswered408AndClosedAfterTheBound() throws IOException {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            socket.getOutputStream().write("GET /public/x HTTP/1.1\r\nHost: gateway\r\nX-Slow: hal".getBytes(StandardCharsets.US_ASCII));

            String answer = readUntilClosed(socket);

            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(answer).startsWith("HTTP/1.1 408 ");
            assertThat(millis).as("closed after (ms)").isBetween(800L, 6000L);
        }
        assertUpstreamReceivedNothing();
    }

    @Test
    void aClientTricklingItsHeadersByteByByteIsClosedThoughItNeverFallsSilent() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            byte[] request = "GET /public/x HTTP/1.1\r\nHost: gateway\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
            long start = System.nanoTime();
            boolean cutOff = false;
            for (byte b : request) {
                try {
                    out.write(b);
                    out.flush();
                }
                catch (IOException closed) {
                    cutOff = true;
                    break;
                }
                Thread.sleep(100);
                if (socket.getInputStream().available() > 0) {
                    cutOff = true;
                    break;
                }
            }
            assertThat(cutOff).as("cut off before the whole request was sent").isTrue();
            String answer = readUntilClosed(socket);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(answer.isEmpty() || answer.startsWith("HTTP/1.1 408 ")).as("answer: " + answer).isTrue();
            assertThat(millis).as("cut off after (ms), a whole request taking " + request.length * 100 + " ms")
                .isLessThan(request.length * 100L);
        }
        assertUpstreamReceivedNothing();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheBound() throws IOException {
        try (Socket socket = connect()) {
            long start = System.nanoTime();

            assertThat(readUntilClosed(socket)).isEmpty();
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(800L, 6000L);
        }
    }

    @Test
    void headersSentInTimeKeepTheConnectionThroughASlowAnswerAndAnIdlePauseBeforeTheNextRequest() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            // the upstream takes 3 s under /sluggish/: the tests' 1.5 s response timeout answers 504, past the bound
            String authorization = bearer(scopedToken(newProject(), io.authbridge.token.Scope.CLIENT));
            long start = System.nanoTime();
            out.write(("GET /sluggish/x HTTP/1.1\r\nHost: gateway\r\nAuthorization: " + authorization + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponseHead(socket)).startsWith("HTTP/1.1 504 ");
            assertThat((System.nanoTime() - start) / 1_000_000).as("answered after (ms), past the bound").isGreaterThan(1000L);

            Thread.sleep(2000); // idle on a kept-alive connection, longer than the bound

            out.write("GET /public/again HTTP/1.1\r\nHost: gateway\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponseHead(socket)).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void aLaterRequestsHeadIsGivenTheWholeBoundFromItsOwnFirstByte() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /public/first HTTP/1.1\r\nHost: gateway\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponseHead(socket)).startsWith("HTTP/1.1 200 ");
            // the connection's first clock would end about now; this head's clock starts with its first byte
            Thread.sleep(700);
            long start = System.nanoTime();
            out.write("GET /public/second HTTP/1.1\r\nHost: gateway\r\nX-Slow: hal".getBytes(StandardCharsets.US_ASCII));

            String answer = readUntilClosed(socket);

            assertThat(answer).startsWith("HTTP/1.1 408 ");
            assertThat((System.nanoTime() - start) / 1_000_000).as("closed after (ms)").isBetween(900L, 6000L);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        return socket;
    }

    /** Everything the gateway sends until it closes the connection (a read timeout fails the test). */
    private static String readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0;) {
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        }
        catch (SocketTimeoutException ex) {
            throw new AssertionError("the connection was still open after 15 s; received: " + text);
        }
        catch (IOException reset) {
            // a reset is a close too
        }
        return text.toString();
    }

    /** The status line and headers of one response, and its body (Content-Length) read off the connection. */
    private static String readResponseHead(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("closed before a whole response head; received: " + head);
            }
            head.append((char) b);
        }
        String lower = head.toString().toLowerCase(java.util.Locale.ROOT);
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim());
            in.readNBytes(length);
        }
        else if (lower.contains("transfer-encoding: chunked")) {
            StringBuilder body = new StringBuilder();
            while (!body.toString().endsWith("\r\n0\r\n\r\n") && !body.toString().equals("0\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("closed inside a chunked body: " + body);
                }
                body.append((char) b);
            }
        }
        return head.toString();
    }
}
