package io.authbridge.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and random credentials are answered 401 in the route's dialect with both challenges: never a
 * 5xx, never a request that reaches the upstream.
 */
class MalformedCredentialsTest extends GatewayTestSupport {

    private static final String SIGNALWIRE_401 = "{\"error\":\"Unauthorized\"}";

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> malformedAuthorizationValues() {
        String uuid = UUID.randomUUID().toString();
        return List.of(
                "", " ", "Bearer", "Bearer ", "Bearer  ", "Token", "Basic", "Basic ", "Basic !!!!", "Basic ====",
                "Basic " + b64("no-colon-at-all"), "Basic " + b64(":token-without-user"), "Basic " + b64(uuid + ":"),
                "Basic " + b64("client:"), "Basic " + b64(":x-oauth-basic"), "Basic " + b64("not-a-uuid:token"),
                "Basic " + b64("12345678-1234-1234-1234-12345678901:token"), "Basic " + b64(uuid + ":tok en"),
                "Basic " + b64(uuid + ":tok\ten"), "Basic " + b64(uuid + ":t\u0000k"), "Basic " + b64(uuid + ":t\u00e9k"),
                "Basic " + Base64.getEncoder().encodeToString(new byte[] { (byte) 0xC3, (byte) 0x28, ':', 'a' }),
                "Basic " + b64(uuid + ":tok") + " extra", "Basic " + b64(uuid + ":tok").replace("=", "") + "=",
                "Bearer tok en", "Bearer " + "a".repeat(513), "Bearer " + "a".repeat(5000),
                "Digest username=\"x\"", "Negotiate abc", "Bearer\ttoken", "AWS4-HMAC-SHA256 Credential=x",
                "x-oauth-basic", "Basic " + b64("client:" + "b".repeat(600)), "Basic " + b64("c".repeat(600) + ":x-oauth-basic"),
                "Bearer %00", "Bearer ../../etc/passwd", "Bearer \"quoted\"", "Bearer {\"json\":true}");
    }

    @ParameterizedTest
    @MethodSource("malformedAuthorizationValues")
    void malformedAuthorizationIs401WithChallenges(String value) throws IOException {
        RawResponse response = rawGet("/unfiltered/x", value.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers()).contains("WWW-Authenticate: Basic realm=\"authbridge\"",
                "WWW-Authenticate: Bearer realm=\"authbridge\"");
        assertThat(response.body()).isEqualTo(SIGNALWIRE_401);
        assertUpstreamReceivedNothing();
    }

    static List<String> malformedQueries() {
        return List.of("access_token=", "access_token=%C3%28", "access_token=%E2%82",
                "access_token=a%20b", "access_token=a+b", "access_token=x&api_key=y", "apikey=%00",
                "access_token=" + "q".repeat(600), "api_key=%E2%82%AC");
    }

    @ParameterizedTest
    @MethodSource("malformedQueries")
    void malformedQueryCredentialIs401InTheExceptionlessDialect(String query) throws IOException {
        RawResponse response = rawGet("/xl/events?" + query, null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers()).contains("WWW-Authenticate: Basic realm=\"authbridge\"",
                "WWW-Authenticate: Bearer realm=\"authbridge\"", "Content-Type: application/problem+json");
        assertThat(response.body()).isEqualTo("{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.2\","
                + "\"title\":\"Unauthorized\",\"status\":401,\"instance\":\"GET /xl/events\"}");
        assertUpstreamReceivedNothing();
    }

    @ParameterizedTest
    @MethodSource("unparseableRequests")
    void requestsHttpCannotCarryAreRejectedAs400NotAServerError(String target, String authorization) throws IOException {
        // a broken escape in the request target or a DEL in a header value is refused by the HTTP layer itself
        RawResponse response = rawGet(target, authorization == null ? null
                : authorization.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(response.status()).isEqualTo(400);
        assertUpstreamReceivedNothing();
    }

    static List<Arguments> unparseableRequests() {
        return List.of(Arguments.of("/xl/events?access_token=%", null), Arguments.of("/xl/events?access_token=%zz", null),
                Arguments.of("/unfiltered/x", "Token \u007f"));
    }

    @Test
    void twoDifferentAuthorizationHeadersAreRejected() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        client.get().uri("/unfiltered/x").header("Authorization", bearer(token), "Bearer other-token-value").exchange()
            .expectStatus().isUnauthorized()
            .expectBody(String.class).isEqualTo(SIGNALWIRE_401);
        assertUpstreamReceivedNothing();
    }

    @Test
    void hundredsOfRandomCredentialsAreNeverAServerError() throws IOException {
        Random random = new Random(20260501L);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            values.add(switch (i % 5) {
                case 0 -> "Bearer " + randomPrintable(random, 1 + random.nextInt(80));
                case 1 -> "Basic " + Base64.getEncoder().encodeToString(randomBytes(random, random.nextInt(120)));
                case 2 -> "Basic " + randomPrintable(random, random.nextInt(60));
                case 3 -> randomPrintable(random, random.nextInt(40)) + " " + randomPrintable(random, random.nextInt(40));
                default -> "Basic " + b64(UUID.randomUUID() + ":" + randomPrintable(random, 1 + random.nextInt(60)));
            });
        }
        for (String value : values) {
            RawResponse response = rawGet("/unfiltered/x", value.getBytes(StandardCharsets.US_ASCII));
            assertThat(response.status()).as("status for %s", value).isEqualTo(401);
            assertThat(response.body()).isEqualTo(SIGNALWIRE_401);
        }
        for (int i = 0; i < 100; i++) {
            String query = "access_token=" + randomPercentEncoded(random, 1 + random.nextInt(60)) + "&x=" + i;
            assertThat(rawGet("/unfiltered/x?" + query, null).status()).as("status for %s", query).isEqualTo(401);
        }
        assertUpstreamReceivedNothing();
    }

    @Test
    void randomBytesInTheAuthorizationHeaderAreNeverAServerError() throws IOException {
        Random random = new Random(7L);
        for (int i = 0; i < 200; i++) {
            byte[] value = randomBytes(random, 1 + random.nextInt(100));
            for (int j = 0; j < value.length; j++) {
                if (value[j] == '\r' || value[j] == '\n') {
                    value[j] = 'x';
                }
            }
            String prefix = switch (i % 3) {
                case 0 -> "Bearer ";
                case 1 -> "Basic ";
                default -> "";
            };
            byte[] header = new byte[prefix.length() + value.length];
            System.arraycopy(prefix.getBytes(StandardCharsets.US_ASCII), 0, header, 0, prefix.length());
            System.arraycopy(value, 0, header, prefix.length(), value.length);
            assertThat(rawGet("/unfiltered/x", header).status()).as("status for random header bytes #%d", i)
                .isBetween(400, 499);
        }
        assertUpstreamReceivedNothing();
    }

    record RawResponse(int status, List<String> headers, String body) {
    }

    /**
     * Sends a GET with exactly this request target and Authorization bytes (none when null), which an HTTP
     * client library would refuse to send, and reads the whole response.
     */
    private RawResponse rawGet(String target, byte[] authorization) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            // the whole request in one write: a server that refuses it at its first bad byte and closes then finds
            // nothing unread, so the client reads the refusal instead of a reset
            java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
            request.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            if (authorization != null) {
                request.write("Authorization: ".getBytes(StandardCharsets.US_ASCII));
                request.write(authorization);
                request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 ");
            List<String> head = List.of(response.substring(0, end < 0 ? response.length() : end).split("\r\n"));
            return new RawResponse(Integer.parseInt(head.get(0).substring(9, 12)), head.subList(1, head.size()),
                    end < 0 ? "" : response.substring(end + 4));
        }
    }

    private static String randomPrintable(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (0x21 + random.nextInt(0x7E - 0x21 + 1)));
        }
        return text.toString();
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String randomPercentEncoded(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (byte b : randomBytes(random, length)) {
            text.append('%').append(String.format("%02X", b & 0xFF));
        }
        return text.toString();
    }
}
