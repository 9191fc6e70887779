package io.authbridge.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The upstream of the tests: WireMock on a free port, answering every request 200 {@code {"upstream":"ok"}},
 * and after 3 s under {@code /slow/} and {@code /sluggish/} (longer than the tests' response timeouts).
 */
public final class TestUpstream {

    /** What the upstream answers. */
    public static final String BODY = "{\"upstream\":\"ok\"}";

    private TestUpstream() {
    }

    /** A started upstream; whoever starts it stops it. */
    public static WireMockServer start() {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody(BODY)));
        server.stubFor(any(urlPathMatching("/(slow|sluggish)/.*")).willReturn(aResponse().withStatus(200)
            .withFixedDelay(3000)
            .withBody("too late")));
        return server;
    }
}
