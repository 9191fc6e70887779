package io.authbridge.upstream;

import io.authbridge.credential.CredentialParser;
import io.authbridge.credential.QueryCredentials;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/** What a redirect answered for a query-token request keeps of its {@code Location}. */
class ForwardedQueryTest {

    private static final String SECRET = "LocationSecret0123456789abcdef";

    private final QueryCredentials credentials = new CredentialParser(java.util.List.of("access_token", "api_key"))
        .queryCredentials();

    private final ForwardedQuery query = new ForwardedQuery("a=1&access_token=" + SECRET, "a=1", credentials::strip);

    @Test
    void aLocationLosesTheParametersHoldingTheClientsCredentialAndKeepsTheRestAsWritten() {
        assertThat(location("https://elsewhere.test/x?a=1;access_token=" + SECRET + "&&c=3#frag"))
            .isEqualTo("https://elsewhere.test/x?a=1&&c=3#frag");
        assertThat(location("https://elsewhere.test/x?next=%2Fq%3Faccess_token%3D" + SECRET + "&b=2"))
            .isEqualTo("https://elsewhere.test/x?b=2");
        assertThat(location("https://elsewhere.test/x?access_token=" + SECRET)).isEqualTo("https://elsewhere.test/x");
    }

    @Test
    void aLocationWithoutTheClientsCredentialIsLeftAsItIs() {
        for (String location : java.util.List.of("https://elsewhere.test/x?a=1;b=2&&c=3",
                "https://elsewhere.test/x?access_token=TheUpstreamsOwnValue0123456789", "/relative?q=1")) {
            assertThat(location(location)).isEqualTo(location);
        }
    }

    private String location(String location) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.LOCATION, location);
        query.withoutCredentialsInLocation(headers);
        return headers.getFirst(HttpHeaders.LOCATION);
    }
}
