package io.authbridge.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A query holding a raw byte that is no visible ASCII character (a control byte, a space, DEL, any byte from 0x80)
 * is refused with 400, as the path is, before any upstream is contacted: never re-encoded and forwarded.
 */
class RawQueryBytesTest extends GatewayTestSupport {

    @Test
    void everyRawControlOrNonAsciiByteInTheQueryIsRefusedBeforeTheUpstream() throws IOException {
        IssuedToken key = scopedToken(newProject(), Scope.CLIENT);
        String credential = "Authorization: Bearer " + key.secret() + "\r\n";
        List<Integer> bytes = new ArrayList<>();
        for (int b = 0x00; b <= 0x20; b++) {
            if (b != '\r' && b != '\n') {
                bytes.add(b);
            }
        }
        bytes.add(0x7f);
        for (int b = 0x80; b <= 0xff; b++) {
            bytes.add(b);
        }
        for (int b : bytes) {
            for (String route : new String[] { "/public/q", "/bearer/q", "/api/v2/projects" }) {
                upstream.resetRequests();
                String target = route + "?a=1&x=" + (char) b + "y";

                RawHttp.Answer answer = RawHttp.get(port, target, credential);

                String what = route + " byte 0x" + Integer.toHexString(b);
                assertThat(answer.status()).as(what).isEqualTo(400);
                assertUpstreamReceivedNothing();
                if (!Character.isISOControl(b) && !Character.isSpaceChar(b) && b > 0x7f) {
                    // in the route's dialect (control and space bytes make no URI: the HTTP server refuses them bare): Exceptionless problem details on /public, SignalWire's elsewhere
                    assertThat(answer.text().contains("application/problem+json")).as(what)
                        .isEqualTo(!route.startsWith("/bearer"));
                }
            }
        }
    }

    @Test
    void escapedBytesInTheQueryAreStillForwardedAsTheyCame() throws IOException {
        RawHttp.Answer answer = RawHttp.get(port, "/public/q?x=%FF%00%20%C3%BF&y=a+b", "");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(receivedUpstream().getUrl()).isEqualTo("/public/q?x=%FF%00%20%C3%BF&y=a+b");
    }
}
