package io.authbridge.path;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of SPEC §10 on single spellings, and as properties over generated ones. */
class CanonicalPathTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ' ', value = {
        "/ /",
        "/site/admin/users /site/admin/users",
        "/site//admin/users /site/admin/users",
        "//site///admin// /site/admin/",
        "/site/./admin /site/admin",
        "/site/open/../admin /site/admin",
        "/site/admin/. /site/admin/",
        "/site/admin/.. /site/",
        "/a/b/c/../../d /a/d",
        "/. /",
        "/%61dmin /admin",
        "/%7Euser/%2D%5F /~user/-_",
        "/a%2eb/c /a.b/c",
        "/caf%c3%a9 /caf%C3%A9",
        "/a%20b /a%20b",
        "/site/admin;jsessionid=1/users /site/admin;jsessionid=1/users",
        "/...;x/a /...;x/a",
        "/.well-known/jwks.json /.well-known/jwks.json",
        "/a/...b /a/...b",
        "/Accounts/p/../q/Calls /Accounts/q/Calls",
    })
    void pathsAreCanonicalised(String raw, String expected) {
        assertThat(CanonicalPath.of(raw)).isEqualTo(new CanonicalPath.Accepted(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/site/%2e%2e/admin", "/site/%2E./admin", "/site/.%2e/admin", "/%2e/admin", "/site/%2e",
        "/site/%2fadmin", "/site%2Fadmin", "/site/%5cadmin", "/site\\admin", "/site/\\../admin", "/a%00b", "/a%0d%0ab",
        "/a%7F", "/a\u0000b", "/a\tb", "/a b", "/caf\u00e9", "/..", "/a/../..", "/../site/admin", "/a%", "/a%2",
        "/a%zz", "/a%%41", "/a%c0%ae", "/a%c0%af", "/a%e0%80%ae", "/a%ff", "/site/..;/admin", "/site/.;x/admin",
        "/site/;/admin", "/site/;x=1/admin", "/site/%252e%252e/admin", "/site/%252fadmin", "/a%2500", "/a%3bb", "/site/..%3B/admin",
        "site/admin", "*", "/a\"b", "/a<b", "/a{b}", "/a|b", "/a^b", "/a`b", "/a#b", "/a?b" })
    void unsafePathsAreRefused(String raw) {
        assertThat(CanonicalPath.of(raw)).isInstanceOf(CanonicalPath.Refused.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/", "/api/v2/projects", "/site/admin/users/", "/a-b_c~d.e/f;g=h:i@j!$&'()*+,=" })
    void aCanonicalPathIsReturnedAsTheSameString(String raw) {
        CanonicalPath.Accepted accepted = (CanonicalPath.Accepted) CanonicalPath.of(raw);

        assertThat(accepted.path()).isSameAs(raw);
    }

    @Property(tries = 3000)
    void theCanonicalFormIsCanonical(@ForAll("paths") String raw) {
        if (CanonicalPath.of(raw) instanceof CanonicalPath.Accepted accepted) {
            String path = accepted.path();
            assertThat(CanonicalPath.of(path)).as("canonicalising again").isEqualTo(accepted);
            assertThat(path).startsWith("/").doesNotContain("//").doesNotContain("\\");
            assertThat(path.toLowerCase()).doesNotContain("%2f").doesNotContain("%5c").doesNotContain("%2e")
                .doesNotContain("%00");
            for (String segment : path.split("/", -1)) {
                String name = segment.contains(";") ? segment.substring(0, segment.indexOf(';')) : segment;
                assertThat(name).as("segment of " + path).isNotIn(".", "..");
            }
        }
    }

    /**
     * What an upstream that decodes the path and resolves dot segments (most servers) makes of the raw
     * path, is what it makes of the canonical one: the gateway's path and the upstream's never differ.
     */
    @Property(tries = 3000)
    void anUpstreamThatDecodesAndResolvesSeesTheCanonicalPath(@ForAll("paths") String raw) {
        if (CanonicalPath.of(raw) instanceof CanonicalPath.Accepted accepted) {
            assertThat(LenientReading.of(accepted.path())).isEqualTo(LenientReading.of(raw));
        }
    }

    /**
     * An upstream that decodes the path twice (a proxy chain, a framework that decodes what its server decoded)
     * reads no escape out of what the gateway accepted: it sees the path the route was chosen on.
     */
    @Property(tries = 3000)
    void anUpstreamThatDecodesTwiceFindsNoEscapeLeft(@ForAll("paths") String raw) {
        if (CanonicalPath.of(raw) instanceof CanonicalPath.Accepted accepted) {
            String once = java.net.URLDecoder.decode(accepted.path().replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(once).as("decoded once: " + once).doesNotContainPattern("%[0-9A-Fa-f]{2}");
        }
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.of("", ".", "..", "%2e", "%2E%2e", ".%2e", "site", "admin", "Accounts", "a;b", "..;",
                        ";x", "%61dmin", "%2f", "%2F", "%5c", "\\", "%00", "%0a", "%7f", "%25", "%252e", "%", "%4",
                        "%zz", "%c3%a9", "%C0%AE", "caf%C3%A9", "%20", "~u", "a%2eb", "...", ". ", "\u0001", "\u00e9",
                        "%25%32%65", "%25%32%66", "%2561dmin", "%2525", "%25%36%31", "%%32%65", "100%25"),
                Arbitraries.strings().withChars("abc./%;\\2eEfF5cC0136").ofMaxLength(6));
        return segment.list().ofMaxSize(7).map(list -> "/" + String.join("/", list));
    }
}
