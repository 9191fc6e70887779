package io.authbridge.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Random;

import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.NetUtil;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which request heads are marked for refusal: exactly the targets that are no URI, and Hosts RFC 9112 refuses. */
class RequestHeadCheckTest {

    private static final String ALPHABET = "abzAZ09-_.~!*'();/?:@&=+$,%%%%fFgG[]{}|\\^`\"<># \u00e9\u00ff\u007f\t";

    private static boolean isUri(String target) {
        try {
            new URI("http://localhost" + target);
            return true;
        }
        catch (URISyntaxException notUri) {
            return false;
        }
    }

    @Test
    void aTargetIsRepairedExactlyWhenItIsNoUriAndTheRepairIsOne() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder target = new StringBuilder("/");
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                target.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String repaired = RequestHeadCheck.repairedTarget(target.toString());
            assertThat(repaired == null).as(target.toString()).isEqualTo(isUri(target.toString()));
            if (repaired != null) {
                assertThat(isUri(repaired)).as(repaired).isTrue();
            }
        }
    }

    @Test
    void anAbsoluteFormTargetIsRefusedUnlessItsAuthorityIsTheHost() {
        for (String host : List.of("a.example", "A.Example", "127.0.0.1:8080", "[::1]:80")) {
            String authority = host.toLowerCase(java.util.Locale.ROOT);
            for (String rest : List.of("", "/", "/x?y=1", "?q", "#f")) {
                assertThat(RequestHeadCheck.authorityRefusal("http://" + authority + rest, List.of(host))).as(authority + rest).isNull();
                assertThat(RequestHeadCheck.authorityRefusal("https://other.example" + rest, List.of(host))).as(rest).isNotNull();
                assertThat(RequestHeadCheck.authorityRefusal("http://u@" + authority + rest, List.of(host))).as(rest).isNotNull();
                assertThat(RequestHeadCheck.authorityRefusal("http://" + authority + rest, List.of())).as(rest).isNotNull();
            }
        }
        for (String originForm : List.of("/", "/x://y", "/a?b=http://c", "*")) {
            assertThat(RequestHeadCheck.authorityRefusal(originForm, List.of("a.example"))).as(originForm).isNull();
        }
    }

    @Test
    void hostsAreRefusedAsRfc9112Says() {
        assertThat(RequestHeadCheck.hostRefusal(HttpVersion.HTTP_1_1, List.of())).isNotNull();
        assertThat(RequestHeadCheck.hostRefusal(HttpVersion.HTTP_1_0, List.of())).isNull();
        assertThat(RequestHeadCheck.hostRefusal(HttpVersion.HTTP_1_1, List.of("a", "a"))).isNotNull();
        for (String valid : List.of("127.0.0.1", "127.0.0.1:8080", "example.test", "[::1]", "[2001:db8::1]:443", "a-b.c_d~e",
                "xn--bcher-kva.example", "[::]", "[::ffff:127.0.0.1]:8080")) {
            assertThat(RequestHeadCheck.hostRefusal(HttpVersion.HTTP_1_1, List.of(valid))).as(valid).isNull();
        }
        for (String invalid : List.of("", " ", "a b", "a@b", "u:p@h", "h/p", "/", "h?q", "h#f", "[::1", "h:1:2", "h:80x",
                "h:123456", "\"h\"", "h\\x", "a%zz", "h\t", "host:", "[::1]:", "[:]", "[.]", "[1:]")) {
            assertThat(RequestHeadCheck.hostRefusal(HttpVersion.HTTP_1_1, List.of(invalid))).as(invalid).isNotNull();
        }
    }

    /** RFC 3986 {@code host [ ":" port ]} as a regular expression: the grammar the one-scan check must agree with. */
    private static final java.util.regex.Pattern RFC_3986_HOST = java.util.regex.Pattern.compile(
            "(?:\\[[0-9A-Fa-f:.]+\\]|(?:[A-Za-z0-9\\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+)(?::[0-9]{0,5})?");

    @Test
    void theHostCheckAgreesWithRfc3986sGrammarLessWhatTheServerRefusesBareOnGeneratedValues() {
        Random random = new Random(9112);
        String alphabet = "aZ09-._~!$&'()*+,;=%[]:@/?# \t\"\\5fF.\u00e9";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String host = value.toString();
            // the grammar, less what the HTTP server refuses bare: an empty port, a literal that is no IPv6 address
            boolean readable = RFC_3986_HOST.matcher(host).matches() && !host.endsWith(":")
                    && (!host.startsWith("[") || NetUtil.isValidIpV6Address(host.substring(1, host.indexOf(']'))));
            assertThat(RequestHeadCheck.isHost(host)).as(host).isEqualTo(readable);
        }
    }

    /** Every spelling of {@code method} in upper and lower case letters: 2^n of them, the standard one included. */
    static List<String> caseVariants(String method) {
        List<String> variants = new java.util.ArrayList<>();
        for (int mask = 0; mask < 1 << method.length(); mask++) {
            StringBuilder variant = new StringBuilder(method.length());
            for (int i = 0; i < method.length(); i++) {
                char c = method.charAt(i);
                variant.append((mask & 1 << i) != 0 ? Character.toLowerCase(c) : c);
            }
            variants.add(variant.toString());
        }
        return variants;
    }

    @Test
    void everyLetterCaseVariantOfAStandardMethodIsRefusedAndOnlyTheStandardSpellingPasses() {
        int checked = 0;
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH")) {
            for (String variant : caseVariants(method)) {
                for (boolean allowTrace : new boolean[] { false, true }) {
                    String refusal = RequestHeadCheck.methodRefusal(variant, allowTrace);
                    if (!variant.equals(method)) {
                        assertThat(refusal).as(variant).isEqualTo(RequestHeadCheck.CASE_VARIANT_REFUSAL);
                    }
                    else if (method.equals("TRACE") && !allowTrace) {
                        assertThat(refusal).as(variant).isEqualTo(RequestHeadCheck.TRACE_REFUSAL);
                    }
                    else {
                        assertThat(refusal).as(variant + " allowTrace=" + allowTrace).isNull();
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(2 * (8 + 16 + 16 + 8 + 64 + 128 + 128 + 32 + 32));
    }

    /** RFC 9110 §9.1 {@code method = token}, §5.6.2 {@code token = 1*tchar}. */
    private static final java.util.regex.Pattern RFC_9110_TOKEN = java.util.regex.Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    @Test
    void aMethodThatIsNoTokenIsRefusedAndEveryTokenIsJudgedByItsSpellingOnGeneratedMethods() {
        Random random = new Random(5);
        String alphabet = "GETPOSgetpos!#$%&'*+-.^_`|~09 \t\"(),/:;<=>?@[\\]{}\u00c9\u007f\u0000";
        for (int n = 0; n < 100_000; n++) {
            StringBuilder method = new StringBuilder();
            int length = random.nextInt(6);
            for (int i = 0; i < length; i++) {
                method.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = method.toString();
            String refusal = RequestHeadCheck.methodRefusal(text, true);
            if (!RFC_9110_TOKEN.matcher(text).matches()) {
                assertThat(refusal).as(text).isEqualTo(RequestHeadCheck.NOT_A_TOKEN_REFUSAL);
            }
            else {
                assertThat(refusal).as(text).isNotEqualTo(RequestHeadCheck.NOT_A_TOKEN_REFUSAL);
            }
        }
    }

    @Test
    void extensionMethodsPassInAnyCaseAsTheGatewayPassesThem() {
        for (String method : List.of("PROPFIND", "propfind", "MKCOL", "PURGE", "purge", "GETS", "get2", "POSTS", "X-GET",
                "TRACEX", "GE", "G", "DELETED", "OPTION", "M-SEARCH", "BREW")) {
            assertThat(RequestHeadCheck.methodRefusal(method, false)).as(method).isNull();
        }
    }
}
