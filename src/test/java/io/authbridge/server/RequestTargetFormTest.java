package io.authbridge.server;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which request targets take a form the gateway serves: RFC 9112 §3.2's grammar, generated targets against it. */
class RequestTargetFormTest {

    /**
     * RFC 9112 §3.2 with the characters of segments, authority and query left to the other checks: origin-form
     * ({@code 1*( "/" segment ) [ "?" query ]}) and absolute-form ({@code http(s) "://" authority path-abempty
     * [ "?" query ]}); no fragment anywhere.
     */
    private static final Pattern ORIGIN_OR_ABSOLUTE_FORM = Pattern.compile(
            "(?:/[^/?#]*)+(?:\\?[^#]*)?|(?i:https?)://[^/?#]*(?:/[^/?#]*)*(?:\\?[^#]*)?");

    /** Pieces that make or break a form: schemes, separators, authorities, paths, and odd bytes. */
    private static final List<String> PIECES = List.of("http", "HTTP", "https", "hTtPs", "ftp", "h", "ttp", ":", "//",
            "://", ":/", "/", "?", "#", "*", "@", "u:p@", "a.example", "127.0.0.1", ":80", "[::1]", "%2F", "%3A", "\\", "x",
            ".", "..", "=", "&", "\u0001", "\u007f", "\u00e9", " ", "\t", "");

    @Test
    void aTargetIsServedExactlyWhenRfc9112sGrammarHasItOriginOrAbsoluteFormOnGeneratedTargets() {
        Random random = new Random(9112);
        int served = 0;
        int refused = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder target = new StringBuilder();
            int pieces = random.nextInt(7);
            for (int i = 0; i < pieces; i++) {
                target.append(PIECES.get(random.nextInt(PIECES.size())));
            }
            String text = target.toString();
            for (String method : List.of("GET", "OPTIONS", "CONNECT")) {
                String refusal = RequestTargetForm.refusal(method, text);
                if (ORIGIN_OR_ABSOLUTE_FORM.matcher(text).matches()) {
                    assertThat(refusal).as(method + " " + text).isNull();
                    served++;
                }
                else if (text.equals("*") && method.equals("OPTIONS")) {
                    assertThat(refusal).isEqualTo(RequestTargetForm.ASTERISK_REFUSAL);
                }
                else {
                    assertThat(refusal).as(method + " " + text).isEqualTo(RequestTargetForm.MALFORMED_REFUSAL);
                    refused++;
                }
            }
        }
        assertThat(served).as("served").isGreaterThan(10_000);
        assertThat(refused).as("refused").isGreaterThan(10_000);
    }

    @Test
    void theAsteriskFormIsOptionsOnlyAndAuthorityFormIsNeverServed() {
        assertThat(RequestTargetForm.refusal("OPTIONS", "*")).isEqualTo(RequestTargetForm.ASTERISK_REFUSAL);
        for (String method : List.of("GET", "POST", "CONNECT", "options", "PROPFIND")) {
            assertThat(RequestTargetForm.refusal(method, "*")).as(method).isEqualTo(RequestTargetForm.MALFORMED_REFUSAL);
        }
        for (String authority : List.of("a.example:443", "127.0.0.1:80", "[::1]:8443", "a.example")) {
            assertThat(RequestTargetForm.refusal("CONNECT", authority)).as(authority)
                .isEqualTo(RequestTargetForm.MALFORMED_REFUSAL);
        }
    }

    /** What is left of a target once whatever precedes its first slash, and then a //authority, is removed. */
    private static final Pattern BEFORE_THE_PATH = Pattern.compile("^[^/]*(?://[^/?#]*)?");

    @Test
    void aRefusedTargetIsAnsweredOnThePathItEndsInOnGeneratedTargets() {
        Random random = new Random(3986);
        for (int n = 0; n < 100_000; n++) {
            StringBuilder target = new StringBuilder();
            int pieces = random.nextInt(7);
            for (int i = 0; i < pieces; i++) {
                target.append(PIECES.get(random.nextInt(PIECES.size())));
            }
            String text = target.toString();
            String rest = BEFORE_THE_PATH.matcher(text).replaceFirst("");
            String expected = rest.startsWith("/") ? rest : "/";
            assertThat(RequestTargetForm.pathOf(text)).as(text).isEqualTo(expected);
        }
        for (String shape : List.of("://other.example", "host:80", "http:", "HTTP:", "ftp://127.0.0.1", "http:\\\\a",
                "u@a.example:1", "%2F%2Fa", "*")) {
            assertThat(RequestTargetForm.pathOf(shape + "/public/x?a=1")).as(shape).isEqualTo("/public/x?a=1");
        }
    }
}
