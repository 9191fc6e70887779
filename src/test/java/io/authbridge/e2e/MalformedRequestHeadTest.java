package io.authbridge.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request heads the HTTP server would refuse with a bare 400 (an invalid {@code %} escape in the target) or
 * RFC 9112 §3.2 has the server refuse (HTTP/1.1 without {@code Host}, with two, with an invalid one) are
 * answered 400 in the route's dialect, logged, and never reach the upstream; raw sockets, as a client would
 * send them.
 */
@ExtendWith(OutputCaptureExtension.class)
class MalformedRequestHeadTest extends GatewayTestSupport {

    private static final String EXCEPTIONLESS_400 = "\"title\":\"Bad Request\",\"status\":400";

    private static final String SIGNALWIRE_400 = "{\"error\":\"Bad Request\"}";

    private static final String LAML_400 = "{\"code\":";

    /** Every {@code %} followed by up to two characters that do not make an escape. */
    static List<String> invalidEscapes() {
        String[] after = { "", "z", "G", "1", "f", "%", "/", "&" };
        List<String> escapes = new ArrayList<>();
        for (String first : after) {
            for (String second : after) {
                boolean valid = first.length() == 1 && Character.digit(first.charAt(0), 16) >= 0 && second.length() == 1
                        && Character.digit(second.charAt(0), 16) >= 0;
                if (!valid && (!first.isEmpty() || second.isEmpty())) {
                    escapes.add("%" + first + second);
                }
            }
        }
        return escapes;
    }

    @Test
    void anInvalidEscapeInTheQueryIs400InTheRoutesDialectLoggedAndNeverForwarded(CapturedOutput output) throws IOException {
        for (String escape : invalidEscapes()) {
            for (String query : List.of("a=" + escape, escape, "x=1&" + escape + "=2", "a=b" + escape + "x")) {
                String mark = UUID.randomUUID().toString();
                assertRefused(output, "/public/" + mark, query, EXCEPTIONLESS_400);
                assertRefused(output, "/unfiltered/" + mark, query, SIGNALWIRE_400);
                assertRefused(output, "/laml/Accounts/" + mark + ".json", query, LAML_400);
                assertRefused(output, "/api/v2/events/" + mark, query, null);
            }
        }
        assertUpstreamReceivedNothing();
    }

    @Test
    void anInvalidEscapeInThePathIs400WithADialectBodyLoggedAndNeverForwarded(CapturedOutput output) throws IOException {
        for (String escape : invalidEscapes()) {
            for (String prefix : List.of("/public/", "/unfiltered/", "/nowhere/")) {
                String mark = UUID.randomUUID().toString();
                assertRefused(output, prefix + mark + "/" + escape, null, null);
                assertRefused(output, prefix + mark + "/a" + escape + "b/c", "x=1", null);
            }
        }
        assertUpstreamReceivedNothing();
    }

    /** A query or fragment of each class of character Spring's URI refuses, and a {@code /} only inside the query. */
    static List<String> queriesThatAreNoUri() {
        List<String> queries = new ArrayList<>();
        for (String bad : List.of("%zz", "%", "<", "\"", "|", "{", "}", "\\", "^", "`", "\u00e9", "\u0080", "\u00ff")) {
            queries.add("?a=" + bad);
        }
        queries.addAll(List.of("?a=%zz/api/v2/x", "?<script>", "?a=\"|{}", "?/public/x%zz", "#%zz", "#<", "?a=b#^"));
        return queries;
    }

    @Test
    void anAbsoluteFormTargetWhosePathQueryOrFragmentIsNoUriIs400AsItsOriginFormIsLoggedAndNeverForwarded(
            CapturedOutput output) {
        Map<String, Integer> linesByMark = new HashMap<>();
        long rootBefore = rootRefusals(output);
        int rootRefused = 0;
        for (String authority : List.of("127.0.0.1", "127.0.0.1:" + port, "LOCALHOST:" + port)) {
            for (String scheme : List.of("http://", "HTTP://")) {
                for (String path : List.of("", "/", "/public/", "/unfiltered/")) {
                    for (String query : queriesThatAreNoUri()) {
                        for (String version : List.of("HTTP/1.1", "HTTP/1.0")) {
                            String mark = UUID.randomUUID().toString();
                            // the mark where the access line shows it: the path, or else the query
                            String marked = path.length() > 1 ? path + mark + query
                                    : path + "?m=" + mark + (query.startsWith("?") ? "&" + query.substring(1) : query);
                            String originForm = marked.startsWith("/") ? marked : "/" + marked;
                            String target = scheme + authority + marked;
                            RawHttp.Answer expected = exchange("GET " + originForm + " " + version + "\r\nHost: " + authority
                                    + "\r\nConnection: close\r\n\r\n");
                            RawHttp.Answer answer = exchange("GET " + target + " " + version + "\r\nHost: " + authority
                                    + "\r\nConnection: close\r\n\r\n");
                            String description = "GET " + target + " " + version + " -> " + answer.text();
                            assertThat(answer.text()).as(description).startsWith(version + " 400 ")
                                .containsPattern("(?i)content-type: application/(problem\\+)?json");
                            assertThat(bodyOf(answer)).as(description).isEqualTo(bodyOf(expected));
                            // a fragment is refused with the canonical path, in the default dialect, as in origin-form
                            if (path.equals("/public/") && !query.contains("#")) {
                                assertThat(bodyOf(answer)).as(description).contains(EXCEPTIONLESS_400);
                            }
                            else if (path.equals("/unfiltered/") || query.contains("#")) {
                                assertThat(bodyOf(answer)).as(description).contains(SIGNALWIRE_400);
                            }
                            if (path.isEmpty() && query.contains("#")) {
                                // a fragment is in no form: refused, and logged, on the path the target ends in
                                linesByMark.put(mark, 1);
                                rootRefused++;
                            }
                            else {
                                linesByMark.put(mark, 2);
                            }
                        }
                    }
                }
            }
        }
        assertThat(linesByMark).as("targets sent").hasSizeGreaterThan(900);
        int root = rootRefused;
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Integer> logged = new HashMap<>();
            output.getAll().lines().filter(line -> line.contains("authbridge.access : GET ") && line.contains(" 400 "))
                .forEach(line -> linesByMark.keySet().stream().filter(line::contains).findFirst()
                    .ifPresent(mark -> logged.merge(mark, 1, Integer::sum)));
            assertThat(logged).as("access lines by mark").isEqualTo(linesByMark);
            assertThat(rootRefusals(output) - rootBefore).as("access lines of GET / 400").isGreaterThanOrEqualTo(root);
        });
        assertUpstreamReceivedNothing();
    }

    private RawHttp.Answer exchange(String request) {
        try {
            return RawHttp.exchange(port, request, 10_000);
        }
        catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    private static long rootRefusals(CapturedOutput output) {
        return output.getAll().lines().filter(line -> line.contains("authbridge.access : GET / 400 ")).count();
    }

    private static String bodyOf(RawHttp.Answer answer) {
        return answer.text().substring(answer.text().indexOf("\r\n\r\n") + 4);
    }

    /** Host lines RFC 9112 §3.2 has a server refuse on HTTP/1.1: none, two, empty, and values that are no host. */
    static List<String> invalidHostLines() {
        List<String> lines = new ArrayList<>();
        lines.add("");
        for (String first : List.of("127.0.0.1", "example.test", "a")) {
            for (String second : List.of("127.0.0.1", "other.test", "")) {
                lines.add("Host: " + first + "\r\nHost: " + second + "\r\n");
            }
        }
        for (String value : List.of("", " ", "a@b", "user:pw@127.0.0.1", "a b", "127.0.0.1 x", "example.test/path",
                "127.0.0.1/", "/path", "a?b", "a#b", "[::1", "a:b:c", "a:80x", "\"q\"", "a\\b", "a%zz", "a,b c", "x:", "[::1]:",
                "[:]", "[.]")) {
            lines.add("Host: " + value + "\r\n");
        }
        return lines;
    }

    @Test
    void anHttp11RequestWithoutOneValidHostIs400InTheRoutesDialectLoggedAndNeverForwarded(CapturedOutput output)
            throws IOException {
        for (String hostLines : invalidHostLines()) {
            for (String prefix : List.of("/public/", "/unfiltered/")) {
                String mark = UUID.randomUUID().toString();
                String target = prefix + mark;
                RawHttp.Answer answer = RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\n" + hostLines
                        + "Connection: close\r\n\r\n", 10_000);
                String description = hostLines.replace("\r\n", " | ") + " -> " + answer.text();
                assertThat(answer.status()).as(description).isEqualTo(400);
                assertThat(answer.text()).as(description)
                    .contains(prefix.equals("/public/") ? EXCEPTIONLESS_400 : SIGNALWIRE_400);
                Awaitility.await().atMost(Duration.ofSeconds(10)).alias(description).until(() -> output.getAll().lines()
                    .anyMatch(line -> line.contains("authbridge.access : GET " + target + " 400 ")));
            }
        }
        assertUpstreamReceivedNothing();
    }

    @Test
    void anAbsoluteFormTargetNamingAnotherHostThanItsHostHeaderIs400AndNeverForwarded() throws IOException {
        for (String authority : List.of("other.example", "127.0.0.1:1", "evil.example:8080", "u@127.0.0.1")) {
            for (String prefix : List.of("/public/", "/unfiltered/")) {
                String target = "http://" + authority + prefix + UUID.randomUUID();
                RawHttp.Answer answer = RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Connection: close\r\n\r\n", 10_000);
                assertThat(answer.status()).as(target + " -> " + answer.text()).isEqualTo(400);
            }
        }
        assertUpstreamReceivedNothing();
        RawHttp.Answer same = RawHttp.exchange(port, "GET http://127.0.0.1/public/plain HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n", 10_000);
        assertThat(same.status()).as(same.text()).isEqualTo(200);
    }

    @Test
    void anHttp10RequestWithoutHostAndAnHttp11RequestWithAValidHostAreServed() throws IOException {
        for (String head : List.of("GET /public/plain HTTP/1.0\r\n", "GET /public/plain HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                "GET /public/plain HTTP/1.1\r\nHost: example.test:8080\r\n", "GET /public/plain HTTP/1.1\r\nHost: [::1]:80\r\n",
                "GET /public/plain HTTP/1.1\r\nHost: localhost\r\n")) {
            RawHttp.Answer answer = RawHttp.exchange(port, head + "Connection: close\r\n\r\n", 10_000);
            assertThat(answer.status()).as(head + " -> " + answer.text()).isEqualTo(200);
        }
    }

    /** Chunk sizes the codec cannot read: past an int in every length, and no hex number at all. */
    static List<String> unreadableChunkSizes() {
        List<String> sizes = new ArrayList<>();
        for (int length = 9; length <= 24; length++) {
            sizes.add("f".repeat(length));
            sizes.add("1" + "0".repeat(length - 1));
        }
        sizes.addAll(List.of("80000000", "ffffffff", "-1", "zz", "1x", " ", "0x10"));
        return sizes;
    }

    @Test
    void aChunkSizeTheServerCannotReadIsLoggedAsThe400TheClientGot(CapturedOutput output) throws IOException {
        for (String size : unreadableChunkSizes()) {
            // a public route: a protected one answers 401 before it reads the body
            for (String prefix : List.of("/public/", "/public/upload/")) {
                String target = prefix + UUID.randomUUID();
                RawHttp.Answer answer = RawHttp.exchange(port, "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n" + size + "\r\nabc\r\n0\r\n\r\n", 2_000);
                String description = size + " -> " + answer.text();
                assertThat(answer.status()).as(description).isEqualTo(400);
                Awaitility.await().atMost(Duration.ofSeconds(10)).alias(description).until(() -> output.getAll().lines()
                    .anyMatch(line -> line.contains("authbridge.access : POST " + target + " 400 ")));
            }
        }
    }

    private void assertRefused(CapturedOutput output, String path, String query, String bodyPart) throws IOException {
        String target = query == null ? path : path + "?" + query;
        RawHttp.Answer answer = RawHttp.exchange(port,
                "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 10_000);
        String description = target + " -> " + answer.text();
        assertThat(answer.status()).as(description).isEqualTo(400);
        assertThat(answer.text()).as(description).containsPattern("(?i)content-type: application/(problem\\+)?json");
        String body = answer.text().substring(answer.text().indexOf("\r\n\r\n") + 4);
        assertThat(body).as(description).startsWith("{").endsWith("}");
        if (bodyPart != null) {
            assertThat(body).as(description).contains(bodyPart);
        }
        String logged = path.substring(0, path.indexOf('/', 1) + 1);
        String mark = path.substring(logged.length()).split("[/.]")[0];
        if (path.startsWith("/laml/")) {
            mark = path.substring("/laml/Accounts/".length()).split("[/.]")[0];
        }
        String unique = mark;
        Awaitility.await().atMost(Duration.ofSeconds(10)).alias(description).until(() -> output.getAll().lines()
            .anyMatch(line -> line.contains("authbridge.access : GET ") && line.contains(unique) && line.contains(" 400 ")));
    }
}
