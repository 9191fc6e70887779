package io.authbridge.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headers that belong to one connection, or that a client could use to pose as a proxy, stop at the
 * gateway in both directions; every other header passes unchanged.
 */
class ProxiedHeadersTest extends GatewayTestSupport {

    @Test
    void hopByHopAndForwardingHeadersOfTheClientAreNotForwarded() throws IOException {
        String head = send(port, "GET /public/headers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close, X-Private\r\n"
                + "X-Private: only for the gateway\r\n"
                + "Keep-Alive: timeout=5\r\n"
                + "Proxy-Authorization: Basic cHJveHk6c2VjcmV0\r\n"
                + "TE: gzip\r\n"
                + "Forwarded: for=6.6.6.6;host=evil.example\r\n"
                + "X-Forwarded-Host: evil.example\r\n"
                + "X-Forwarded-Proto: https\r\n"
                + "X-Forwarded-For: 6.6.6.6\r\n"
                + "X-Request-Id: abc-123\r\n"
                + "Accept: application/json\r\n\r\n");

        assertThat(head).startsWith("HTTP/1.1 200");
        LoggedRequest received = receivedUpstream();
        for (String dropped : new String[] { "X-Private", "Keep-Alive", "Proxy-Authorization", "TE", "Forwarded",
                "X-Forwarded-Host", "X-Forwarded-Proto" }) {
            assertThat(received.containsHeader(dropped)).as(dropped).isFalse();
        }
        assertThat(received.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.getHeader("X-Request-Id")).isEqualTo("abc-123");
        assertThat(received.getHeader("Accept")).isEqualTo("application/json");
    }

    @Test
    void hopByHopHeadersOfTheUpstreamResponseAreNotReturned() throws IOException {
        upstream.stubFor(get(urlEqualTo("/public/hop-by-hop-response")).willReturn(aResponse().withStatus(200)
            .withHeader("Proxy-Authenticate", "Basic realm=\"upstream proxy\"")
            .withHeader("Trailer", "X-Checksum")
            .withHeader("X-Upstream-Kept", "yes")
            .withBody("ok")));

        String request = "GET /public/hop-by-hop-response HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        assertThat(send(upstream.port(), request)).as("what the upstream answers").contains("Proxy-Authenticate");

        String head = send(port, request);

        assertThat(head).startsWith("HTTP/1.1 200").contains("X-Upstream-Kept: yes");
        assertThat(head.toLowerCase()).doesNotContain("proxy-authenticate").doesNotContain("trailer");
    }

    /** One request on its own connection; the response's status line and headers. */
    private static String send(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = response.indexOf("\r\n\r\n");
            return end < 0 ? response : response.substring(0, end);
        }
    }
}
