package io.authbridge.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.authbridge.directory.Project;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request target is served only in RFC 9112 §3.2's origin-form or absolute-form ({@code http}/{@code https}, its
 * authority the {@code Host}): any other shape ({@code ://a/x}, {@code host:80/x}, {@code http:/x}, {@code ftp://h/x},
 * userinfo, backslashes, odd bytes, fragments) is answered 400 in the dialect of the route its path would take, logged,
 * and never reaches the upstream, even with a credential the route accepts; well-formed targets are served as before.
 * Raw sockets, generated targets, on a public route, an Exceptionless Bearer route and a SignalWire route.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestTargetFormsTest extends GatewayTestSupport {

    private static final String HOST = "127.0.0.1";

    private static final String EXCEPTIONLESS_400 = "\"title\":\"Bad Request\",\"status\":400";

    private static final String SIGNALWIRE_400 = "{\"error\":\"Bad Request\"}";

    /** RFC 9112 §3.2's origin-form and absolute-form, the characters of their parts aside. */
    private static final Pattern ORIGIN_OR_ABSOLUTE_FORM = Pattern.compile(
            "(?:/[^/?#]*)+(?:\\?[^#]*)?|(?i:https?)://[^/?#]*(?:/[^/?#]*)*(?:\\?[^#]*)?");

    /** Whatever precedes a target's first slash, and a //authority right there: the rest is the path it ends in. */
    private static final Pattern BEFORE_THE_PATH = Pattern.compile("^[^/]*(?://[^/?#]*)?");

    private static final List<String> SCHEMES = List.of("", "http", "HTTP", "https", "hTtPs", "ftp", "ws", "http+x", "1http",
            "h\u0001ttp", "127.0.0.1", "host");

    private static final List<String> SEPARATORS = List.of("://", ":/", ":", "//", ":\\\\", ":\\/", ":///", "", "%3A//");

    private static final List<String> AUTHORITIES = List.of(HOST, "LOCALHOST", "other.example", HOST + ":80", "80", "u@" + HOST,
            "u:p@" + HOST, "%31%32%37.0.0.1", "", HOST + "\\", HOST + "\u0001", "[::1]");

    /** A route of each dialect, the credential it accepts, and the body of its 400. */
    private record Target(String prefix, String body) {
    }

    private static final List<Target> ROUTES = List.of(new Target("/public/", EXCEPTIONLESS_400),
            new Target("/xl/", EXCEPTIONLESS_400), new Target("/sw/messaging/", SIGNALWIRE_400));

    /** Every scheme and separator, with authorities drawn by a seeded generator, and the named shapes. */
    static List<String> shapes() {
        Set<String> shapes = new LinkedHashSet<>(List.of("://other.example", "host:80", "http:", "HTTP:", "http:/", "//", "",
                "*", "http://" + HOST, "HTTPS://" + HOST, "hTtP://" + HOST, "Https://" + HOST, "https://" + HOST, "http:\\\\" + HOST, "\\\\" + HOST, "http://" + HOST + "#x"));
        Random random = new Random(9112);
        for (String scheme : SCHEMES) {
            for (String separator : SEPARATORS) {
                for (int i = 0; i < 2; i++) {
                    shapes.add(scheme + separator + AUTHORITIES.get(random.nextInt(AUTHORITIES.size())));
                }
            }
        }
        return new ArrayList<>(shapes);
    }

    private record Expected(int status, String body, String upstreamPath) {
    }

    /** What the gateway answers: by the grammar, the Host, and then the path the target names or ends in. */
    private static Expected expected(String target, String suffix) {
        boolean wellFormed = ORIGIN_OR_ABSOLUTE_FORM.matcher(target).matches();
        if (wellFormed && !target.startsWith("/")) {
            String authority = target.substring(target.indexOf("://") + 3).split("[/?]", 2)[0];
            wellFormed = authority.equalsIgnoreCase(HOST);
        }
        String rest = BEFORE_THE_PATH.matcher(target).replaceFirst("");
        String path = target.startsWith("/") ? target : rest.startsWith("/") ? rest : "/";
        // the canonical path merges repeated slashes: //x/y is the path /x/y, never the authority x
        path = path.replaceAll("/{2,}", "/");
        boolean clean = !path.matches("(?s).*[#\\\\%\\x00-\\x1f\\x7f].*");
        Target route = null;
        for (Target candidate : ROUTES) {
            if (clean && path.startsWith(candidate.prefix())) {
                route = candidate;
            }
        }
        if (!wellFormed) {
            return new Expected(400, route == null ? SIGNALWIRE_400 : route.body(), null);
        }
        if (!clean) {
            return new Expected(400, SIGNALWIRE_400, null);
        }
        return route == null ? new Expected(404, "{\"error\":\"Not Found\"}", null)
                : new Expected(200, null, path.substring(0, path.length() - suffix.length()));
    }

    @Test
    void aTargetInNoFormTheGatewayServesIs400InTheRoutesDialectLoggedAndNeverForwardedAndWellFormedOnesAreServed(
            CapturedOutput output) throws IOException {
        Project project = newProject();
        String client = bearer(scopedToken(project, Scope.CLIENT));
        String signalWire = bearer(permissionToken(project, Permission.MESSAGING, Permission.FAX));
        int refused = 0;
        int served = 0;
        for (String shape : shapes()) {
            for (Target route : ROUTES) {
                String mark = UUID.randomUUID().toString().substring(0, 8);
                String suffix = refused % 3 == 0 ? "?q=1" : refused % 5 == 1 ? "#f" : "";
                String target = shape + route.prefix() + mark + suffix;
                String authorization = route.prefix().equals("/xl/") ? client
                        : route.prefix().equals("/sw/messaging/") ? signalWire : null;
                Expected expected = expected(target, suffix);
                upstream.resetRequests();
                RawHttp.Answer answer = RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: " + HOST
                        + "\r\nConnection: close\r\n" + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                        + "\r\n", 10_000);
                String description = "GET " + target + " -> " + answer.text();
                assertThat(answer.status()).as(description).isEqualTo(expected.status());
                List<LoggedRequest> received = upstreamRequests();
                if (expected.status() != 200) {
                    assertThat(answer.text()).as(description).containsPattern("(?i)content-type: application/(problem\\+)?json");
                    assertThat(answer.text().substring(answer.text().indexOf("\r\n\r\n") + 4)).as(description)
                        .contains(expected.body());
                    assertThat(received).as("reached the upstream: " + description).isEmpty();
                }
                else {
                    assertThat(received).as(description).hasSize(1);
                    assertThat(received.get(0).getUrl()).as(description)
                        .isEqualTo(expected.upstreamPath() + (suffix.equals("?q=1") ? suffix : ""));
                    served++;
                }
                if (expected.status() == 400) {
                    if (refused % 10 == 0) {
                        Awaitility.await().atMost(Duration.ofSeconds(10)).alias(description).until(() -> output.getAll()
                            .lines().anyMatch(line -> line.contains("authbridge.access : GET ") && line.contains(" 400 ")
                                    && line.contains(mark)));
                    }
                    refused++;
                }
            }
        }
        assertThat(refused).as("targets refused").isGreaterThan(300);
        assertThat(served).as("targets served").isGreaterThan(20);
    }

    @Test
    void aPathThatLooksLikeANetworkPathReferenceIsRoutedAndForwardedOnItsCanonicalPathNeverAsAnAuthority()
            throws IOException {
        for (String target : List.of("//public/a", "///public/a", "//other.example/../public/a", "//public//a")) {
            upstream.resetRequests();
            RawHttp.Answer answer = RawHttp.get(port, target, "");
            assertThat(answer.status()).as(target + " -> " + answer.text()).isEqualTo(200);
            assertThat(receivedUpstream().getUrl()).as(target).isEqualTo("/public/a");
        }
        upstream.resetRequests();
        RawHttp.Answer other = RawHttp.get(port, "//other.example/public/a", "");
        assertThat(other.status()).as(other.text()).isEqualTo(404);
        assertUpstreamReceivedNothing();
    }

    @Test
    void optionsAsteriskIs404InTheDefaultDialectAndOtherMethodsWithAnAsteriskAre400() throws IOException {
        RawHttp.Answer options = RawHttp.exchange(port, "OPTIONS * HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n",
                10_000);
        assertThat(options.status()).as(options.text()).isEqualTo(404);
        assertThat(options.text()).as(options.text()).contains("{\"error\":\"Not Found\"}");
        for (String method : List.of("GET", "POST", "PROPFIND", "CONNECT")) {
            RawHttp.Answer answer = RawHttp.exchange(port, method + " * HTTP/1.1\r\nHost: " + HOST
                    + "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 10_000);
            assertThat(answer.status()).as(method + " -> " + answer.text()).isEqualTo(400);
        }
        assertUpstreamReceivedNothing();
    }

    @Test
    void connectsAuthorityFormIs400AndNeverForwarded() throws IOException {
        for (String authority : List.of(HOST + ":80", HOST + ":" + upstream.port(), "other.example:443", "[::1]:80", HOST)) {
            RawHttp.Answer answer = RawHttp.exchange(port, "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority
                    + "\r\nConnection: close\r\n\r\n", 10_000);
            assertThat(answer.status()).as(authority + " -> " + answer.text()).isEqualTo(400);
        }
        assertUpstreamReceivedNothing();
    }
}
