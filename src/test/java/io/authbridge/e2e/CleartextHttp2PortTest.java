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
 * A port that takes h2c besides HTTP/1.1 ({@code server.http2.enabled} without TLS) gives its HTTP/1.1 connections the
 * request-head deadline and the head check of an HTTP/1.1-only port: Reactor Netty names its codec otherwise there,
 * and both were once left out (a head trickled for as long as a client liked, {@code TRACE} proxied). A connection
 * that switched to HTTP/2, by an upgrade or by prior knowledge, is left alone however long it stays silent.
 */
@TestPropertySource(properties = { "authbridge.server.request-headers-timeout=1s", "server.http2.enabled=true" })
class CleartextHttp2PortTest extends GatewayTestSupport {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private static final byte[] EMPTY_SETTINGS = { 0, 0, 0, 4, 0, 0, 0, 0, 0 };

    private static final byte[] PING = { 0, 0, 8, 6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8 };

    @Test
    void anHttp11HeadTrickledByteByByteIsCutOffAfterTheBound() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            long start = System.nanoTime();
            byte[] head = "GET /public/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                .getBytes(StandardCharsets.ISO_8859_1);
            boolean closed = false;
            socket.setSoTimeout(100);
            for (int i = 0; i < head.length && !closed && System.nanoTime() - start < 5_000_000_000L; i++) {
                try {
                    socket.getOutputStream().write(head[i]);
                    closed = socket.getInputStream().read(new byte[1024]) < 0;
                }
                catch (SocketTimeoutException quiet) {
                    // still open
                }
                catch (IOException reset) {
                    closed = true;
                }
            }

            assertThat(closed).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000);
        }
    }

    @Test
    void anHttp11TraceIsRefused405AsOnAnHttp11OnlyPort() throws IOException {
        RawHttp.Answer answer = RawHttp.exchange(port,
                "TRACE /public/x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 5000);

        assertThat(answer.status()).as(answer.text()).isEqualTo(405);
    }

    @Test
    void anH2cUpgradedConnectionSilentForLongerThanTheBoundStillAnswersAPing() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /public/x HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "HTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(read(socket, 1000)).startsWith("HTTP/1.1 101 ");
            assertSilentPastTheBoundThenAnswersAPing(socket);
        }
    }

    @Test
    void aPriorKnowledgeConnectionSilentForLongerThanTheBoundStillAnswersAPing() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            assertSilentPastTheBoundThenAnswersAPing(socket);
        }
    }

    /** Speaks HTTP/2 on {@code socket}, stays silent past the 1 s bound, and expects the connection still to answer. */
    private static void assertSilentPastTheBoundThenAnswersAPing(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(PREFACE);
        out.write(EMPTY_SETTINGS);
        out.flush();

        assertThat(read(socket, 2500)).doesNotContain("HTTP/1.1").doesNotContain("<EOF>");
        out.write(PING);
        out.flush();
        assertThat(read(socket, 1000)).as("the PING's acknowledgement").hasSize(17);
    }

    /** What arrives until the gateway is silent for {@code quietMillis}, with {@code <EOF>} if it closed. */
    private static String read(Socket socket, int quietMillis) throws IOException {
        socket.setSoTimeout(quietMillis);
        StringBuilder read = new StringBuilder();
        byte[] buffer = new byte[8192];
        InputStream in = socket.getInputStream();
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            read.append("<EOF>");
        }
        catch (SocketTimeoutException quiet) {
            // still open
        }
        return read.toString();
    }
}
