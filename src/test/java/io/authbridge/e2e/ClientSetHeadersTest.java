package io.authbridge.e2e;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headers with which a client could make the upstream run another method, serve another path, or believe another
 * client address, host or scheme never reach the upstream from a client that is not a trusted proxy: every name,
 * in every spelling an upstream could read as it, on every kind of route.
 */
class ClientSetHeadersTest extends GatewayTestSupport {

    /** Never forwarded, from anyone. */
    static final List<String> OVERRIDES = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override",
            "X-Original-Method", "X-Original-URL", "X-Rewrite-URL", "X-Original-URI", "X-Envoy-Original-Path",
            "X-Override-URL");

    /** Forwarded only from a trusted proxy, in this spelling. */
    static final List<String> PROXY_SET = List.of("X-Real-IP", "X-Client-IP", "Client-IP", "True-Client-IP",
            "CF-Connecting-IP", "Fastly-Client-IP", "X-Cluster-Client-IP", "X-Originating-IP", "X-Remote-IP",
            "X-Remote-Addr", "X-ProxyUser-Ip", "X-Original-Forwarded-For", "X-Envoy-External-Address", "Forwarded-For",
            "X-Forwarded", "X-Host", "X-Original-Host", "X-HTTP-Host-Override", "Front-End-Https", "X-Url-Scheme",
            "X-Scheme");

    /** A public route and one of each upstream credential mode. */
    private static final List<String> ROUTES = List.of("/public", "/unfiltered", "/preserve", "/bearer", "/basic", "/none",
            "/static-bearer", "/jwt");

    /** Whether the test client (127.0.0.1) is a trusted proxy in this context. */
    protected boolean fromTrustedProxy() {
        return false;
    }

    @Test
    void noOverrideOrProxyHeaderReachesTheUpstreamInAnySpellingOnAnyRoute() throws IOException {
        IssuedToken key = scopedToken(newProject(), Scope.CLIENT);
        for (String route : ROUTES) {
            for (Spelling spelling : Spelling.values()) {
                upstream.resetRequests();
                StringBuilder lines = new StringBuilder("Authorization: Bearer " + key.secret() + "\r\n");
                for (String name : OVERRIDES) {
                    lines.append(spelling.of(name)).append(": DELETE /admin\r\n");
                }
                for (String name : PROXY_SET) {
                    lines.append(spelling.of(name)).append(": 6.6.6.6\r\n");
                }

                RawHttp.Answer answer = RawHttp.get(port, route + "/headers", lines.toString());

                assertThat(answer.status()).as(route + " " + spelling).isEqualTo(200);
                LoggedRequest received = receivedUpstream();
                assertThat(received.getMethod().getName()).isEqualTo("GET");
                assertThat(received.getUrl()).isEqualTo(route + "/headers");
                Set<String> names = received.getHeaders().all().stream().map(HttpHeader::key)
                    .map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
                for (String name : OVERRIDES) {
                    assertThat(names).as(route + " " + spelling).doesNotContain(spelling.of(name).toLowerCase(Locale.ROOT));
                }
                for (String name : PROXY_SET) {
                    boolean kept = fromTrustedProxy() && spelling == Spelling.STANDARD;
                    assertThat(names.contains(spelling.of(name).toLowerCase(Locale.ROOT))).as(route + " " + name + " " + spelling)
                        .isEqualTo(kept);
                }
            }
        }
    }

    /** The ways CGI, WSGI, Rack, PHP or Apache httpd read a name alike. */
    enum Spelling {
        STANDARD, LOWER_UNDERSCORE, UPPER_DOTTED, MIXED;

        String of(String name) {
            return switch (this) {
                case STANDARD -> name;
                case LOWER_UNDERSCORE -> name.toLowerCase(Locale.ROOT).replace('-', '_');
                case UPPER_DOTTED -> name.toUpperCase(Locale.ROOT).replace('-', '.');
                case MIXED -> name.replaceFirst("-", "_");
            };
        }
    }
}
