package io.authbridge.e2e;

import java.io.IOException;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request smuggling on raw sockets: framings that two HTTP parsers could read differently (RFC 9112 §6.3, the
 * CL.TE and TE.CL families, duplicate lengths, obscured transfer codings, obs-fold) with a second request, for
 * a protected route and without a credential, hidden where the body would be. Whatever the gateway makes of
 * each, it answers 400 or one response to the request it framed (followed, where it read the rest as a
 * request of its own, by that request's 401), and the upstream receives no second request: at most the
 * front request, with a framing the gateway chose itself (never Transfer-Encoding and Content-Length together).
 */
class RequestSmugglingTest extends GatewayTestSupport {

    /** A request for a protected route, without a credential: it may only ever be answered 401 by the gateway. */
    private static final String HIDDEN = "GET /unfiltered/hidden HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    private static final String HEAD = "POST /public/front HTTP/1.1\r\nHost: 127.0.0.1\r\n";

    static List<String> framings() {
        String chunkedHidden = "0\r\n\r\n" + HIDDEN;
        return List.of(
                // CL.TE: a front end that reads Content-Length sends the hidden request inside the body
                HEAD + "Content-Length: " + chunkedHidden.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedHidden,
                HEAD + "Transfer-Encoding: chunked\r\nContent-Length: " + chunkedHidden.length() + "\r\n\r\n" + chunkedHidden,
                // TE.CL: the chunk holds the hidden request, a short Content-Length ends before it
                HEAD + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(HIDDEN.length())
                        + "\r\n" + HIDDEN + "\r\n0\r\n\r\n",
                // duplicate, differing Content-Length
                HEAD + "Content-Length: 0\r\nContent-Length: " + HIDDEN.length() + "\r\n\r\n" + HIDDEN,
                HEAD + "Content-Length: 0, " + HIDDEN.length() + "\r\n\r\n" + HIDDEN,
                HEAD + "Content-Length: +0\r\n\r\n" + HIDDEN,
                // obscured transfer codings
                HEAD + "Transfer-Encoding: xchunked\r\nContent-Length: 0\r\n\r\n" + chunkedHidden,
                HEAD + "Transfer-Encoding: chunked, identity\r\n\r\n" + chunkedHidden,
                HEAD + "Transfer-Encoding: identity\r\n\r\n" + HIDDEN,
                HEAD + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n" + chunkedHidden,
                HEAD + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedHidden,
                HEAD + "Transfer-Encoding : chunked\r\nContent-Length: 0\r\n\r\n" + chunkedHidden,
                HEAD + "Transfer-Encoding:\tchunked\r\nContent-Length: 0\r\n\r\n" + chunkedHidden,
                HEAD + " Transfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n" + chunkedHidden,
                HEAD + "Transfer-Encoding\r\n : chunked\r\nContent-Length: 0\r\n\r\n" + chunkedHidden,
                HEAD + "Content-Length: 0\r\nTransfer-Encoding:\r\n chunked\r\n\r\n" + chunkedHidden,
                HEAD + "X-Padding: a\r\n Transfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n" + chunkedHidden,
                HEAD + "Transfer-Encoding: \u000bchunked\r\n\r\n" + chunkedHidden,
                // a chunked body whose chunk sizes or line ends are malformed
                HEAD + "Transfer-Encoding: chunked\r\n\r\n0;\r\n\r\n" + HIDDEN,
                HEAD + "Transfer-Encoding: chunked\r\n\r\n1\nx\r\n0\r\n\r\n" + HIDDEN,
                HEAD + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffff1\r\n" + HIDDEN + "\r\n0\r\n\r\n",
                // HTTP/1.0 with chunked
                "POST /public/front HTTP/1.0\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedHidden,
                // bare LF line ends
                "POST /public/front HTTP/1.1\nHost: 127.0.0.1\nContent-Length: 0\nTransfer-Encoding: chunked\n\n" + chunkedHidden);
    }

    @ParameterizedTest
    @MethodSource("framings")
    void aHiddenRequestNeverReachesTheUpstream(String request) throws IOException {
        RawHttp.Answer answer = RawHttp.exchange(port, request, 1500);

        List<LoggedRequest> received = upstreamRequests();
        String description = request.replace("\r", "\\r").replace("\n", "\\n") + " -> " + answer.text().replace("\r\n", " | ");
        assertThat(answer.status()).as(description).isIn(200, 400);
        assertThat(answer.statuses().subList(1, answer.statuses().size())).as(description).allMatch(status -> status == 401);
        assertThat(received).as(description).hasSizeLessThanOrEqualTo(1);
        for (LoggedRequest forwarded : received) {
            assertThat(forwarded.getUrl()).as(description).isEqualTo("/public/front");
            // the hidden request may only arrive as body bytes of a request framed by the gateway itself
            assertThat(forwarded.containsHeader("Transfer-Encoding") && forwarded.containsHeader("Content-Length"))
                .as(description).isFalse();
        }
    }
}
