package io.authbridge.credential;

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

/** A query credential is recognised and removed in any letter case, escape or separator a client may use. */
class QueryCredentialSpellingsTest {

    private static final String SECRET = "QuerySecretValue0123456789";

    private final QueryCredentials credentials = new QueryCredentials(List.of("access_token", "api_key", "apikey"));

    @Property(tries = 1000)
    void aCredentialInAnySpellingIsNeverLeftInTheQueryAndIsNeverTakenForAnythingElse(@ForAll("queries") String query) {
        String stripped = credentials.strip(query);
        if (stripped != null) {
            assertThat(stripped).doesNotContain(SECRET);
        }
        CredentialResult parsed = credentials.parse(query);
        assertThat(parsed).isNotInstanceOf(CredentialResult.Absent.class);
        if (parsed instanceof CredentialResult.Present present) {
            assertThat(present.credential().secret()).isEqualTo(SECRET);
        }
    }

    @Test
    void namesDifferingOnlyInLetterCaseAreCredentials() {
        for (String name : List.of("ACCESS_TOKEN", "Access_Token", "Api_Key", "APIKEY", "%61ccess_token")) {
            assertThat(credentials.parse(name + "=" + SECRET)).as(name).isInstanceOf(CredentialResult.Present.class);
            assertThat(credentials.strip("a=1&" + name + "=" + SECRET + "&b=2")).isEqualTo("a=1&b=2");
        }
    }

    @Test
    void namesThatOnlyLookLikeCredentialNamesOrAreOnesOnceDecodedTwiceAreMalformedAndRemoved() {
        for (String name : List.of("access_token+", "access_token%20", "access_token%5B%5D", "access_token[]", "-apikey",
                "api_key%zz", "access.token", "access+token", "access%20token", "access[token", "accesstoken",
                "ACCESS-TOKEN", "api.key", "api__key", "Access%2ETOKEN", "access%255Ftoken", "%2561ccess_token",
                "API%255FKEY", "%252561pikey", "access%255ftoken%255B%255D", "api%%320key")) {
            assertThat(credentials.parse(name + "=" + SECRET)).as(name).isInstanceOf(CredentialResult.Malformed.class);
            assertThat(credentials.strip("a=1&" + name + "=" + SECRET + "&b=2")).isEqualTo("a=1&b=2");
        }
    }

    @Test
    void otherEncodedNamesAreLeftAsTheClientWroteThem() {
        assertThat(credentials.strip("q%255F=1&page%3D=2&token=3")).isEqualTo("q%255F=1&page%3D=2&token=3");
        assertThat(credentials.parse("q%255F=1&page%3D=2&token=3")).isInstanceOf(CredentialResult.Absent.class);
    }

    @Test
    void aSemicolonSeparatesParametersAndIsKeptBetweenTheOthers() {
        assertThat(credentials.strip("a=1;access_token=" + SECRET + ";b=2")).isEqualTo("a=1;b=2");
        assertThat(credentials.strip("q=x;y&b=2")).isEqualTo("q=x;y&b=2");
    }

    @Provide
    Arbitrary<String> queries() {
        // the underscore as any separator a server behind may read as one (PHP: '.', ' ', '['), or none
        Arbitrary<String> name = Arbitraries.of("access_token", "api_key", "apikey")
            .flatMap(word -> Arbitraries.of("_", ".", "+", "%20", "[", "-", "", "__", "%2E").map(sep -> word.replace("_", sep)))
            .flatMap(QueryCredentialSpellingsTest::spelled);
        Arbitrary<String> junk = Arbitraries.of("", "", "+", "%20", "[]", "%5B%5D", "%00");
        Arbitrary<String> separator = Arbitraries.of("&", ";");
        Arbitrary<String> other = Arbitraries.of("", "a=1", "b", "q=x%20y");
        return Combinators.combine(other, separator, name, junk, other)
            .as((before, sep, n, j, after) -> (before.isEmpty() ? "" : before + sep) + n + j + "=" + SECRET
                    + (after.isEmpty() ? "" : sep + after));
    }

    /** Each character as it is, upper-cased or percent-encoded (once or twice). */
    private static Arbitrary<String> spelled(String word) {
        return Combinators.combine(word.chars()
            .mapToObj(c -> Arbitraries.of(String.valueOf((char) c), String.valueOf((char) c).toUpperCase(Locale.ROOT),
                    String.format("%%%02X", c), String.format("%%%02x", c), String.format("%%25%02X", c)))
            .toList()).as(parts -> String.join("", parts));
    }
}
