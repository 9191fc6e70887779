package io.authbridge.e2e;

import java.io.IOException;
import java.util.Map;

import io.authbridge.e2e.ScriptedUpstream.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.authbridge.e2e.ScriptedUpstream.Step.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trailer fields of an upstream's chunked response reach the client after the body, as Spring Cloud Gateway's
 * response writer passes them (the {@code Trailer} header itself is hop-by-hop and removed), and a response that
 * cannot have any is written whole: on the fast path, whose writer skips the wait for trailer fields that cannot
 * come, and on the gateway's way ({@link ResponseTrailersOnGatewayWayTest}), the same.
 */
class ResponseTrailersTest extends GatewayTestSupport {

    private static final Map<String, Step[]> SCRIPTS = Map.of(
            "chunked-trailers", new Step[] {write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
                    + "Trailer: X-Checksum\r\n\r\n5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n")},
            "chunked-undeclared", new Step[] {write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
                    + "\r\n5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n")},
            "stream-trailers", new Step[] {write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                    + "Trailer: X-Checksum\r\n\r\n7\r\ndata: a\r\n0\r\nX-Checksum: abc\r\n\r\n")},
            "chunked", new Step[] {write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")},
            "length", new Step[] {write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")},
            "http10", new Step[] {write("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello")});

    @RegisterExtension
    static final ScriptedUpstream.ForEachClass scripted = ScriptedUpstream.forEachClass(SCRIPTS);

    private String body(String script, boolean askForTrailers) throws IOException {
        String text = RawHttp.exchange(port, "GET /scripted/" + script + " HTTP/1.1\r\nHost: localhost\r\n"
                + (askForTrailers ? "TE: trailers\r\n" : "") + "Connection: close\r\n\r\n", 3_000).text();
        return text.substring(text.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void trailerFieldsAfterAChunkedBodyReachTheClientDeclaredOrNot() throws IOException {
        for (boolean asked : new boolean[] {false, true}) {
            assertThat(body("chunked-trailers", asked)).isEqualTo("5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n");
            assertThat(body("chunked-undeclared", asked)).isEqualTo("5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n");
            assertThat(body("stream-trailers", asked)).isEqualTo("7\r\ndata: a\r\n0\r\nX-Checksum: abc\r\n\r\n");
        }
    }

    @Test
    void aBodyWithoutTrailerFieldsIsWrittenWholeInItsOwnFraming() throws IOException {
        assertThat(body("chunked", false)).isEqualTo("5\r\nhello\r\n0\r\n\r\n");
        assertThat(body("length", true)).isEqualTo("hello");
        assertThat(body("http10", true)).isEqualTo("hello");
    }
}
