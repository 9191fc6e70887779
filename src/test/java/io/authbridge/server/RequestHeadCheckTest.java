package io.authbridge.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Random;

import io.netty.handler.codec.http.HttpVersion;
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
                "xn--bcher-kva.example", "host:")) {
            assertThat(RequestHeadCheck.hostRefusal(HttpVersion.HTTP_1_1, List.of(valid))).as(valid).isNull();
        }
        for (String invalid : List.of("", " ", "a b", "a@b", "u:p@h", "h/p", "/", "h?q", "h#f", "[::1", "h:1:2", "h:80x",
                "h:123456", "\"h\"", "h\\x", "a%zz", "h\t")) {
            assertThat(RequestHeadCheck.hostRefusal(HttpVersion.HTTP_1_1, List.of(invalid))).as(invalid).isNotNull();
        }
    }

    /** RFC 3986 {@code host [ ":" port ]} as a regular expression: the grammar the one-scan check must agree with. */
    private static final java.util.regex.Pattern RFC_3986_HOST = java.util.regex.Pattern.compile(
            "(?:\\[[0-9A-Fa-f:.]+\\]|(?:[A-Za-z0-9\\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+)(?::[0-9]{0,5})?");

    @Test
    void theHostCheckAgreesWithRfc3986sGrammarOnGeneratedValues() {
        Random random = new Random(9112);
        String alphabet = "aZ09-._~!$&'()*+,;=%[]:@/?# \t\"\\5fF.\u00e9";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String host = value.toString();
            assertThat(RequestHeadCheck.isHost(host)).as(host).isEqualTo(RFC_3986_HOST.matcher(host).matches());
        }
    }
}
