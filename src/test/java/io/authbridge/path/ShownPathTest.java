package io.authbridge.path;

import java.util.List;
import java.util.Locale;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShownPathTest {

    @Test
    void pathsWithoutATokenSegmentAreShownAsTheyAre() {
        for (String path : List.of("/", "/api/v2/events", "/api/v2/projects/abc/tokens", "/api/v2/admin/tokens/import",
                "/site/tokens", "/api/project/tokens", "/Accounts/x/Calls", "/site/tokenship/x")) {
            assertThat(ShownPath.of(path)).isSameAs(path);
        }
    }

    @Test
    void theSegmentsAfterAManagementTokensSegmentAreMasked() {
        assertThat(ShownPath.of("/api/v2/tokens/SECRETSECRETSECRETSECRET1")).isEqualTo("/api/v2/tokens/***");
        assertThat(ShownPath.of("/api/project/tokens/SECRETSECRETSECRETSECRET1")).isEqualTo("/api/project/tokens/***");
        assertThat(ShownPath.of("/API/v2//Tokens;x/%53ECRET")).isEqualTo("/api/v2/tokens/***");
    }

    @Test
    void aTokensSegmentOnAnyRouteMasksEverythingAfterItPublicIdsToo() {
        String publicId = "0b6c2f0e-3f7a-4c1e-9a55-6f1d2b3c4d5e";
        assertThat(ShownPath.of("/site/tokens/SECRETVALUE/extra")).isEqualTo("/site/tokens/***");
        assertThat(ShownPath.of("/Upstream/API/Tokens/SECRETVALUE")).isEqualTo("/upstream/api/tokens/***");
        assertThat(ShownPath.of("/api/v2/tokens/" + publicId)).isEqualTo("/api/v2/tokens/***");
        assertThat(ShownPath.of("/api/v2/tokens/" + publicId + ",SECRETVALUE")).isEqualTo("/api/v2/tokens/***");
        assertThat(ShownPath.of("/api/v2/projects/" + publicId + "/tokens")).isEqualTo("/api/v2/projects/" + publicId + "/tokens");
    }

    @Property(tries = 500)
    void aSecretInATokenPathIsNeverShownInAnySpelling(@ForAll("spellings") String path) {
        assertThat(ShownPath.of(path)).doesNotContain("SECRETVALUE").doesNotContain("ECRETVALUE").endsWith("/***");
    }

    @Provide
    Arbitrary<String> spellings() {
        Arbitrary<String> separator = Arbitraries.of("/", "//", "\\", "/./", "/x/../", "%2F", "%252F", "/;x/");
        Arbitrary<String> parameter = Arbitraries.of("", ";", ";x=1");
        return Arbitraries.of("v2", "project", "upstream").flatMap(scope -> Combinators.combine(List.of(separator, spelled("api"),
                separator, spelled(scope), parameter, separator, spelled("tokens"), parameter, separator,
                spelled("SECRETVALUE"))).as(parts -> String.join("", parts)));
    }

    /** Each character as it is, upper-cased, or percent-encoded (once or twice). */
    private static Arbitrary<String> spelled(String word) {
        List<Arbitrary<String>> characters = word.chars()
            .mapToObj(c -> Arbitraries.of(String.valueOf((char) c), String.valueOf((char) c).toUpperCase(Locale.ROOT),
                    String.format("%%%02X", c), String.format("%%25%02x", c)))
            .toList();
        return Combinators.combine(characters).as(parts -> String.join("", parts));
    }
}
