package io.authbridge.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Methods are case-sensitive (RFC 9110 §9.1): a standard method spelt in another letter case ({@code get},
 * {@code pOST}) is no standard method to route predicates and per-method rules, while an upstream might read it as
 * one; it is answered 400 in the dialect of the route its standard spelling would take, logged, and never reaches an
 * upstream. {@code TRACE} is answered 405 (unless {@code authbridge.server.allow-trace}); extension methods are
 * proxied as Spring Cloud Gateway proxies them. Raw sockets, as a client would send them.
 */
@ExtendWith(OutputCaptureExtension.class)
class MethodSpellingsTest extends GatewayTestSupport {

    static final List<String> STANDARD = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE",
            "PATCH");

    /** A route of each dialect, an unrouted management path (default dialect), and what its 400 body holds. */
    private static final List<String[]> TARGETS = List.of(new String[] { "/public/", "\"title\":\"Bad Request\",\"status\":400" },
            new String[] { "/unfiltered/", "{\"error\":\"Bad Request\"}" },
            new String[] { "/laml/Accounts/", "\"code\":20400" },
            new String[] { "/api/v2/events/", "\"title\":\"Bad Request\",\"status\":400" },
            new String[] { "/api/projects/", "{\"error\":\"Bad Request\"}" });

    /**
     * Letter-case variants of {@code method} other than itself: every one for methods of up to five letters, else
     * all lower case, capitalised, each letter alone lowered or raised, and seeded random ones.
     */
    static List<String> variants(String method, Random random) {
        Set<String> variants = new LinkedHashSet<>();
        String lower = method.toLowerCase(Locale.ROOT);
        variants.add(lower);
        variants.add(method.charAt(0) + lower.substring(1));
        for (int i = 0; i < method.length(); i++) {
            variants.add(method.substring(0, i) + lower.charAt(i) + method.substring(i + 1));
            variants.add(lower.substring(0, i) + method.charAt(i) + lower.substring(i + 1));
        }
        int all = 1 << method.length();
        for (int n = 0; n < (method.length() <= 5 ? all : 12); n++) {
            int mask = method.length() <= 5 ? n : random.nextInt(all);
            StringBuilder variant = new StringBuilder();
            for (int i = 0; i < method.length(); i++) {
                variant.append((mask & 1 << i) != 0 ? lower.charAt(i) : method.charAt(i));
            }
            variants.add(variant.toString());
        }
        variants.remove(method);
        return new ArrayList<>(variants);
    }

    private static RawHttp.Answer send(int port, String method, String target, boolean body) throws IOException {
        return RawHttp.exchange(port, method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + (body ? "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}" : "\r\n"), 10_000);
    }

    private static String body(RawHttp.Answer answer) {
        int end = answer.text().indexOf("\r\n\r\n");
        return end < 0 ? "" : answer.text().substring(end + 4);
    }

    @Test
    void everyOtherLetterCaseOfAStandardMethodIs400InTheRoutesDialectLoggedAndNeverForwarded(CapturedOutput output)
            throws IOException {
        Random random = new Random(9110);
        int sent = 0;
        for (String method : STANDARD) {
            for (String variant : variants(method, random)) {
                for (String[] target : TARGETS) {
                    String path = target[0] + UUID.randomUUID();
                    RawHttp.Answer answer = send(port, variant, path, sent % 2 == 0);
                    String description = variant + " " + path + " -> " + answer.text();
                    assertThat(answer.status()).as(description).isEqualTo(400);
                    assertThat(answer.text()).as(description).containsPattern("(?i)content-type: application/(problem\\+)?json");
                    if (!method.equals("HEAD")) {
                        assertThat(body(answer)).as(description).contains(target[1]);
                    }
                    if (sent % 7 == 0) {
                        Awaitility.await().atMost(Duration.ofSeconds(10)).alias(description).until(() -> output.getAll()
                            .lines().anyMatch(line -> line.contains("authbridge.access : " + variant + " " + path + " 400 ")));
                    }
                    sent++;
                }
            }
        }
        assertThat(sent).as("requests sent").isGreaterThan(500);
        assertUpstreamReceivedNothing();
    }

    @Test
    void theDialectIsThatOfTheRouteTheStandardSpellingWouldTake() throws IOException {
        // by-method-post (laml) takes POST only; by-method-other (exceptionless) takes every other method
        for (String variant : variants("POST", new Random(1))) {
            RawHttp.Answer answer = send(port, variant, "/by-method/" + UUID.randomUUID(), true);
            assertThat(answer.status()).as(variant + " -> " + answer.text()).isEqualTo(400);
            assertThat(body(answer)).as(variant + " -> " + answer.text()).contains("\"code\":20400");
        }
        for (String variant : variants("PUT", new Random(1))) {
            RawHttp.Answer answer = send(port, variant, "/by-method/" + UUID.randomUUID(), true);
            assertThat(body(answer)).as(variant + " -> " + answer.text()).contains("\"title\":\"Bad Request\",\"status\":400");
        }
        assertUpstreamReceivedNothing();
        assertThat(send(port, "POST", "/by-method/x", true).status()).isEqualTo(200);
        assertThat(upstreamRequests()).hasSize(1);
    }

    @Test
    void traceIs405InTheRoutesDialectAndNeverForwarded() throws IOException {
        for (String[] target : List.of(new String[] { "/public/", "\"title\":\"Method Not Allowed\",\"status\":405" },
                new String[] { "/unfiltered/", "{\"error\":\"Method Not Allowed\"}" },
                new String[] { "/laml/Accounts/", "\"code\":20405" }, new String[] { "/nowhere/", "{\"error\":" })) {
            String path = target[0] + UUID.randomUUID();
            RawHttp.Answer answer = send(port, "TRACE", path, false);
            assertThat(answer.status()).as(answer.text()).isEqualTo(405);
            assertThat(body(answer)).as(answer.text()).contains(target[1]);
        }
        assertUpstreamReceivedNothing();
    }

    @Test
    void standardSpellingsAndExtensionMethodsAreProxiedAsTheGatewayProxiesThem() throws IOException {
        List<String> methods = new ArrayList<>(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "PROPFIND",
                "MKCOL", "PURGE", "M-SEARCH"));
        for (String method : methods) {
            RawHttp.Answer answer = send(port, method, "/public/" + method, !method.equals("GET"));
            assertThat(answer.status()).as(method + " -> " + answer.text()).isEqualTo(200);
        }
        List<String> received = new ArrayList<>();
        for (LoggedRequest request : upstreamRequests()) {
            received.add(request.getMethod().getName());
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(methods);
    }
}
