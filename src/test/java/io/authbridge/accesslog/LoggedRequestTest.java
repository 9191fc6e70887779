package io.authbridge.accesslog;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the access log writes of a path and a query that carry a secret. */
class LoggedRequestTest {

    private static final String ID = "0b6c2f0e-3f7a-4c1e-9a55-6f1d2b3c4d5e";

    @Test
    void aSecretAfterATokensSegmentIsMaskedAndAPublicIdKept() {
        assertThat(LoggedRequest.path("/api/v2/tokens/SecretValue123")).isEqualTo("/api/v2/tokens/***");
        assertThat(LoggedRequest.path("/api/project/tokens/PTsecret")).isEqualTo("/api/project/tokens/***");
        assertThat(LoggedRequest.path("/api/v2/tokens/" + ID)).isEqualTo("/api/v2/tokens/" + ID);
        assertThat(LoggedRequest.path("/api/v2/tokens/" + ID + ",Secret2,")).isEqualTo("/api/v2/tokens/" + ID + ",***,");
        assertThat(LoggedRequest.path("/api/v2/projects/" + ID + "/tokens")).isEqualTo("/api/v2/projects/" + ID + "/tokens");
    }

    @Test
    void everySpellingOfTheTokensSegmentMasksWhatFollows() {
        assertThat(LoggedRequest.path("/API/V2/TOKENS/Secret")).isEqualTo("/API/V2/TOKENS/***");
        assertThat(LoggedRequest.path("//api/v2//tokens//Secret")).isEqualTo("//api/v2//tokens//***");
        assertThat(LoggedRequest.path("/api/v2/%74okens/Secret")).isEqualTo("/api/v2/%74okens/***");
        assertThat(LoggedRequest.path("/api/v2/%2574okens/Secret")).isEqualTo("/api/v2/%2574okens/***");
        assertThat(LoggedRequest.path("/api/v2/tokens/Secret/extra")).isEqualTo("/api/v2/tokens/***/extra");
        assertThat(LoggedRequest.path("/public/other")).isEqualTo("/public/other");
    }

    @Test
    void credentialParametersInAnyLetterCaseHaveTheirValueMasked() {
        List<String> names = List.of("access_token", "api_key", "apikey");

        assertThat(LoggedRequest.query("ACCESS_TOKEN=s1&limit=5&Api_Key=s2&APIKEY=s3", names))
            .isEqualTo("ACCESS_TOKEN=***&limit=5&Api_Key=***&APIKEY=***");
        assertThat(LoggedRequest.query("access%5Ftoken=s4", names)).isEqualTo("access%5Ftoken=***");
        assertThat(LoggedRequest.query("limit=5", names)).isEqualTo("limit=5");
        assertThat(LoggedRequest.query(null, names)).isNull();
    }
}
