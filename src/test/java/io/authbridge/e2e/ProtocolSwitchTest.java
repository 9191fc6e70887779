package io.authbridge.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request-head deadline leaves a connection only when it has switched to another protocol, not whenever a
 * {@code 101} was written: the gateway passes on an upstream's {@code 101} to a request that asked for no upgrade,
 * and the connection goes on speaking HTTP/1.1. That {@code 101} once took the deadline off the connection, and a
 * client then trickled its next request's head for as long as it liked (until {@code server.netty.idle-timeout}).
 * A refused upgrade leaves the deadline in place too, and a handshake's own head is timed as any request's.
 */
@TestPropertySource(properties = "authbridge.server.request-headers-timeout=1s")
class ProtocolSwitchTest extends GatewayTestSupport {

    /** A 101 to a plain request, which switched nothing: the gateway passes it on. */
    @RegisterExtension
    static final ScriptedUpstream.ForEachClass scripted = ScriptedUpstream.forEachClass(Map.of(
            "switching", new ScriptedUpstream.Step[] {
                ScriptedUpstream.Step.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: foo\r\nConnection: Upgrade\r\n\r\n"),
                ScriptedUpstream.Step.close() },
            "ok", new ScriptedUpstream.Step[] {
                ScriptedUpstream.Step.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") }));

    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    @Test
    void aConnectionThatPassedOnAnUpstreams101ToAPlainRequestStillTimesItsNextRequestHead() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            send(socket, "GET /scripted/switching HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(readUntil(socket, "0\r\n\r\n")).startsWith("HTTP/1.1 101 ");

            assertCutOff(trickle(socket));
        }
    }

    @Test
    void aConnectionThatAnsweredAPlainRequestTimesItsNextRequestHead() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            send(socket, "GET /scripted/ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(readUntil(socket, "ok")).startsWith("HTTP/1.1 200 ");

            assertCutOff(trickle(socket));
        }
    }

    @Test
    void aConnectionWhoseUpgradeWasRefusedTimesItsNextRequestHead() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            // no credential: 401, and the connection stays HTTP/1.1
            send(socket, "GET /unfiltered/chat HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE + "\r\n");
            assertThat(readUntil(socket, "}")).startsWith("HTTP/1.1 401 ");

            Trickled trickled = trickle(socket);

            assertCutOff(trickled);
            assertThat(trickled.answer()).as(trickled.toString()).satisfiesAnyOf(
                    answer -> assertThat(answer).isEmpty(), answer -> assertThat(answer).startsWith("HTTP/1.1 408 "));
        }
    }

    @Test
    void anUpgradeRequestWhoseHeadIsTrickledIsCutOffAfterTheBound() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            Trickled trickled = trickle(socket, "GET /unfiltered/chat HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE
                    + "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");

            assertCutOff(trickled);
        }
    }

    private record Trickled(String answer, boolean closed, long millis) {
    }

    /** The gateway closed the connection within a few times the 1 s bound. */
    private static void assertCutOff(Trickled trickled) {
        assertThat(trickled.closed()).as(trickled.toString()).isTrue();
        assertThat(trickled.millis()).as(trickled.toString()).isLessThan(3000);
    }

    private static Trickled trickle(Socket socket) throws IOException {
        return trickle(socket, "GET /scripted/ok HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    }

    /** Sends {@code head} a byte every 100 ms (for 5 s at most), until the gateway closes the connection. */
    private static Trickled trickle(Socket socket, String head) throws IOException {
        long start = System.nanoTime();
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        socket.setSoTimeout(100);
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[4096];
        for (int i = 0; i < bytes.length && System.nanoTime() - start < 5_000_000_000L; i++) {
            try {
                out.write(bytes[i]);
                out.flush();
                int n = in.read(buffer);
                if (n < 0) {
                    return new Trickled(answer.toString(), true, (System.nanoTime() - start) / 1_000_000);
                }
                answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            catch (SocketTimeoutException quiet) {
                // still open
            }
            catch (IOException reset) {
                return new Trickled(answer.toString(), true, (System.nanoTime() - start) / 1_000_000);
            }
        }
        return new Trickled(answer.toString(), false, (System.nanoTime() - start) / 1_000_000);
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** What the gateway sent until its text ends with {@code end} (5 s at most). */
    private static String readUntil(Socket socket, String end) throws IOException {
        socket.setSoTimeout(5000);
        StringBuilder read = new StringBuilder();
        InputStream in = socket.getInputStream();
        for (int b; !read.toString().endsWith(end) && (b = in.read()) >= 0; ) {
            read.append((char) b);
        }
        return read.toString();
    }
}
