package io.authbridge.credential;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.authbridge.credential.CredentialResult.Present;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever bytes a client sends, the parser answers Absent, Present or Malformed and never throws. */
class CredentialParserPropertiesTest {

    private final CredentialParser parser = new CredentialParser(List.of("access_token", "api_key", "apikey"));

    @Property(tries = 2000)
    void randomBytesAsAuthorizationNeverThrow(@ForAll @Size(max = 600) byte[] bytes, @ForAll("schemes") String scheme) {
        // an HTTP server hands header bytes over as ISO-8859-1 characters
        String header = scheme + new String(bytes, StandardCharsets.ISO_8859_1);

        assertWellFormedOrRejected(parser.parse(List.of(header), null));
    }

    @Property(tries = 2000)
    void base64OfRandomBytesAsBasicNeverThrows(@ForAll @Size(max = 300) byte[] bytes) {
        String header = "Basic " + Base64.getEncoder().encodeToString(bytes);

        assertWellFormedOrRejected(parser.parse(List.of(header), null));
    }

    @Property(tries = 2000)
    void randomQueryStringsNeverThrow(@ForAll("queries") String query) {
        assertWellFormedOrRejected(parser.parse(null, query));
        parser.queryCredentials().strip(query);
    }

    @Property(tries = 1000)
    void stripKeepsEveryOtherParameterInOrderAndNoCredential(@ForAll("parameters") List<String> parameters) {
        String query = String.join("&", parameters);

        String stripped = parser.queryCredentials().strip(query);

        List<String> expected = parameters.stream().filter(p -> !isCredential(p)).toList();
        assertThat(stripped == null ? List.of() : List.of(stripped.split("&", -1))).isEqualTo(expected);
    }

    private static boolean isCredential(String parameter) {
        String name = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
        return List.of("access_token", "api_key", "apikey").contains(name);
    }

    private static void assertWellFormedOrRejected(CredentialResult result) {
        assertThat(result).isNotNull();
        if (result instanceof Present present) {
            String secret = present.credential().secret();
            assertThat(secret).isNotEmpty().hasSizeLessThanOrEqualTo(CredentialParser.MAX_SECRET_LENGTH);
            assertThat(secret.chars()).allMatch(c -> c > ' ' && c < 0x7F);
        }
    }

    @Provide
    Arbitrary<String> schemes() {
        return Arbitraries.of("", "Bearer ", "Token ", "Basic ", "basic ", "BEARER  ");
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> names = Arbitraries.of("access_token", "api_key", "apikey", "q", "", "%", "acc%65ss_token");
        Arbitrary<String> values = Arbitraries.strings().withChars("abcXYZ019%+&=-_.~%2FE8C3").ofMaxLength(30);
        return names.flatMap(name -> values.map(value -> name + "=" + value)).list().ofMaxSize(6)
            .map(list -> String.join("&", list));
    }

    @Provide
    Arbitrary<List<String>> parameters() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of("access_token", "api_key", "apikey"),
                Arbitraries.strings().withChars("abcdefxyz_%20").ofMinLength(1).ofMaxLength(8));
        Arbitrary<String> values = Arbitraries.strings().withChars("abc019%+-=_.~ABEF").ofMaxLength(12);
        Arbitrary<String> parameter = names.flatMap(name -> Arbitraries.oneOf(Arbitraries.just(name),
                values.map(value -> name + "=" + value)));
        return parameter.list().ofMinSize(1).ofMaxSize(8);
    }
}
