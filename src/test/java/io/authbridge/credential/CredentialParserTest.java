package io.authbridge.credential;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.authbridge.credential.Credential.Form;
import io.authbridge.credential.CredentialResult.Absent;
import io.authbridge.credential.CredentialResult.Malformed;
import io.authbridge.credential.CredentialResult.Present;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialParserTest {

    private static final String SECRET = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd";

    private static final UUID PROJECT = UUID.fromString("3fa85f64-5717-4562-b3fc-2c963f66afa6");

    private final CredentialParser parser = new CredentialParser(List.of("access_token", "api_key", "apikey"));

    private static String basic(String text) {
        return "Basic " + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private Credential present(List<String> authorization, String query) {
        CredentialResult result = parser.parse(authorization, query);
        assertThat(result).isInstanceOf(Present.class);
        return ((Present) result).credential();
    }

    @Test
    void bearerTokenIsRead() {
        assertThat(present(List.of("Bearer " + SECRET), null)).isEqualTo(new Credential(SECRET, null, Form.BEARER, null));
    }

    @Test
    void schemesAreCaseInsensitiveAndSurroundingSpaceIsIgnored() {
        assertThat(present(List.of("  bEaReR   " + SECRET + " "), null).secret()).isEqualTo(SECRET);
        assertThat(present(List.of("token " + SECRET), null).form()).isEqualTo(Form.TOKEN);
        assertThat(present(List.of("BASIC " + Base64.getEncoder().encodeToString(("client:" + SECRET).getBytes())), null)
            .form()).isEqualTo(Form.BASIC_CLIENT);
    }

    @Test
    void basicProjectIdAndTokenNameTheProject() {
        assertThat(present(List.of(basic(PROJECT + ":" + SECRET)), null))
            .isEqualTo(new Credential(SECRET, PROJECT, Form.BASIC, null));
    }

    @Test
    void legacyExceptionlessBasicFormsCarryNoProject() {
        assertThat(present(List.of(basic("client:" + SECRET)), null))
            .isEqualTo(new Credential(SECRET, null, Form.BASIC_CLIENT, null));
        assertThat(present(List.of(basic(SECRET + ":x-oauth-basic")), null))
            .isEqualTo(new Credential(SECRET, null, Form.BASIC_X_OAUTH, null));
    }

    @Test
    void queryParametersAreReadInTheirConfiguredOrderOnlyWithoutAnAuthorizationHeader() {
        assertThat(present(null, "a=1&apikey=" + SECRET)).isEqualTo(new Credential(SECRET, null, Form.QUERY, "apikey"));
        assertThat(present(List.of(), "apikey=" + SECRET + "&access_token=" + SECRET).queryParameter())
            .isEqualTo("access_token");
        assertThat(present(null, "api_key=" + SECRET).queryParameter()).isEqualTo("api_key");
    }

    @Test
    void percentEncodedQueryTokenIsDecoded() {
        assertThat(present(null, "access_token=abc%2Ddef").secret()).isEqualTo("abc-def");
    }

    @Test
    void noCredentialAnywhereIsAbsent() {
        assertThat(parser.parse(null, null)).isInstanceOf(Absent.class);
        assertThat(parser.parse(List.of(), "q=1&access_token=&other=x")).isInstanceOf(Absent.class);
        assertThat(new CredentialParser(List.of()).parse(null, "access_token=" + SECRET)).isInstanceOf(Absent.class);
    }

    @Test
    void sameTokenInHeaderAndQueryIsAccepted() {
        assertThat(present(List.of("Bearer " + SECRET, "Bearer " + SECRET), "access_token=" + SECRET).form())
            .isEqualTo(Form.BEARER);
    }

    static List<String> malformedHeaders() {
        return List.of("", "   ", "Bearer", "Bearer ", "Token ", "Basic", "Basic ", "Basic %%%", "Basic YQ", "Basic ====",
                basic("no-colon"), basic(":" + SECRET), basic(PROJECT + ":"), basic("client:"), basic(":x-oauth-basic"),
                basic("project:" + SECRET), basic(PROJECT.toString().substring(1) + "0:" + SECRET),
                basic("1-2-3-4-5:" + SECRET), basic(PROJECT + ":a b"), basic(PROJECT + ":a\u0000b"),
                basic(PROJECT + ":caf\u00e9"), basic(PROJECT + ":a\nb"),
                "Basic " + Base64.getEncoder().encodeToString(new byte[] { (byte) 0xFF, ':', 'a' }),
                "Basic " + Base64.getEncoder().encodeToString((PROJECT + ":" + SECRET).getBytes()) + " trailing",
                "Bearer a b", "Bearer caf\u00e9", "Bearer a\u0001b", "Bearer \u007f", "Bearer " + "x".repeat(513),
                "Bearer " + "x".repeat(5000), "Digest abc", "Negotiate abc", "Bearer\t" + SECRET, "Bearer" + SECRET,
                "Token\u00a0" + SECRET, "Basic\u0000 abc", basic("client:" + "x".repeat(513)),
                // Unicode look-alikes that String.equalsIgnoreCase or Character.digit would take
                basic("cl\u0131ent:" + SECRET), basic("CL\u0130ENT:" + SECRET), basic(SECRET + ":x-oauth-ba\u017fic"),
                basic("\uff10" + PROJECT.toString().substring(1) + ":" + SECRET));
    }

    @ParameterizedTest
    @MethodSource("malformedHeaders")
    void malformedAuthorizationIsMalformedNotAnException(String header) {
        assertThat(parser.parse(List.of(header), null)).isInstanceOf(Malformed.class);
    }

    static List<String> malformedQueries() {
        return List.of("access_token=%", "access_token=%G1", "access_token=%C3%28", "access_token=a+b",
                "access_token=a%20b", "access_token=a%0Ab", "access_token=x&api_key=y", "apikey=" + "q".repeat(513),
                "api_key=%E2%82%AC", "access_token=%E2%82");
    }

    @ParameterizedTest
    @MethodSource("malformedQueries")
    void malformedQueryCredentialIsMalformed(String query) {
        assertThat(parser.parse(null, query)).isInstanceOf(Malformed.class);
    }

    @Test
    void twoDifferentCredentialsAtOnceAreMalformed() {
        assertThat(parser.parse(List.of("Bearer " + SECRET, "Bearer other"), null)).isInstanceOf(Malformed.class);
        assertThat(parser.parse(List.of("Bearer " + SECRET), "access_token=other")).isInstanceOf(Malformed.class);
        assertThat(parser.parse(List.of("Bearer " + SECRET), "access_token=%zz")).isInstanceOf(Malformed.class);
    }

    @Test
    void malformedReasonNeverNamesTheSecret() {
        for (String header : List.of("Bearer " + SECRET + " x", basic("nope:" + SECRET), "Bearer " + SECRET + "\u00e9")) {
            Malformed malformed = (Malformed) parser.parse(List.of(header), null);
            assertThat(malformed.reason()).doesNotContain(SECRET);
        }
    }

    @Test
    void credentialToStringHidesTheSecret() {
        assertThat(present(List.of(basic(PROJECT + ":" + SECRET)), null).toString()).doesNotContain(SECRET)
            .contains(PROJECT.toString());
    }

    @Test
    void stripRemovesEveryCredentialParameterAndKeepsTheRestByteForByte() {
        QueryCredentials query = parser.queryCredentials();
        assertThat(query.strip("a=%2F+b&access_token=s&c&api_key=t&d=%E2%82%AC&apikey")).isEqualTo("a=%2F+b&c&d=%E2%82%AC");
        assertThat(query.strip("access_token=s")).isNull();
        assertThat(query.strip("access_token=s&apikey=s")).isNull();
        assertThat(query.strip("acc%65ss_token=s&x=1")).isEqualTo("x=1");
        String untouched = "x=1&y=%20";
        assertThat(query.strip(untouched)).isSameAs(untouched);
        assertThat(query.strip(null)).isNull();
    }
}
