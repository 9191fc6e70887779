package io.authbridge.e2e;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code authbridge.server.allow-trace}, {@code TRACE} is proxied as any other method; its case variants are not. */
@TestPropertySource(properties = "authbridge.server.allow-trace=true")
class TraceAllowedTest extends GatewayTestSupport {

    @Test
    void traceReachesTheUpstreamWhenAllowedAndItsCaseVariantsStillDoNot() throws IOException {
        RawHttp.Answer trace = RawHttp.exchange(port, "TRACE /public/traced HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n", 10_000);
        RawHttp.Answer variant = RawHttp.exchange(port, "trace /public/traced HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n", 10_000);

        assertThat(trace.status()).as(trace.text()).isNotEqualTo(405).isNotEqualTo(400);
        assertThat(upstreamRequests()).hasSize(1);
        assertThat(upstreamRequests().get(0).getMethod().getName()).isEqualTo("TRACE");
        assertThat(variant.status()).as(variant.text()).isEqualTo(400);
    }

    @Test
    void theExplainApiAgreesThatTraceIsServed() {
        io.authbridge.token.IssuedToken token = scopedToken(newProject(), io.authbridge.token.Scope.CLIENT);

        Reply explained = httpPost("/api/v2/admin/explain", bearer(adminToken()), java.util.Map.of("token_id",
                token.stored().id().toString(), "method", "TRACE", "path", "/public/traced"));

        assertThat(explained.json().get("decision").asString()).as(explained.text()).isEqualTo("allow");
    }
}
