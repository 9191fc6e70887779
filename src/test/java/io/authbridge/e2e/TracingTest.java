package io.authbridge.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sun.net.httpserver.HttpServer;
import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With an OTLP endpoint set, a request's W3C {@code traceparent} reaches the upstream in the same trace with the
 * gateway's client span as its parent (through AuthBridge's own routing filter), the spans are exported over
 * OTLP/HTTP to the collector, and the access-log line names the trace.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "management.tracing.sampling.probability=1.0")
class TracingTest extends GatewayTestSupport {

    private static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static final String CLIENT_SPAN_ID = "00f067aa0ba902b7";

    /** What the collector received: OTLP/HTTP protobuf bodies posted to /v1/traces. */
    private static final List<byte[]> exported = new CopyOnWriteArrayList<>();

    private static final HttpServer collector = startCollector();

    static {
        // A system property, not a @DynamicPropertySource: tracing is switched on (TracingSwitch) while the
        // environment is prepared, before dynamic properties are added. Only this class's context starts while it is set.
        System.setProperty(ENDPOINT, "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
    }

    @AfterAll
    static void forgetTheEndpoint() {
        System.clearProperty(ENDPOINT);
    }

    @Test
    void theTraceparentReachesTheUpstreamInTheSameTraceUnderANewSpanAndTheSpanIsExported(CapturedOutput output) {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);

        client.get().uri("/bearer/traced")
            .header("Authorization", bearer(token))
            .header("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN_ID + "-01")
            .exchange()
            .expectStatus().isOk();

        LoggedRequest received = receivedUpstream();
        String traceparent = received.getHeader("traceparent");
        assertThat(traceparent).as("traceparent sent upstream").matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01");
        String parent = traceparent.split("-")[2];
        assertThat(parent).as("the upstream's parent span is the gateway's, not the client's").isNotEqualTo(CLIENT_SPAN_ID);
        assertThat(received.getHeader("Authorization")).isEqualTo(bearer(token));

        byte[] traceId = HexFormat.of().parseHex(TRACE_ID);
        byte[] spanId = HexFormat.of().parseHex(parent);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> exported.stream()
            .anyMatch(body -> contains(body, traceId) && contains(body, spanId)));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().lines()
            .anyMatch(line -> line.contains("authbridge.access : GET /bearer/traced 200 ") && line.endsWith(" trace=" + TRACE_ID)));
    }

    @Test
    void aRequestWithoutTraceparentStartsATraceOfItsOwn() {
        client.get().uri("/public/untraced").exchange().expectStatus().isOk();

        assertThat(receivedUpstream().getHeader("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A stand-in OTLP/HTTP collector: keeps every body posted to /v1/traces and answers 200. */
    private static HttpServer startCollector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/traces", exchange -> {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                exchange.getRequestBody().transferTo(body);
                exported.add(body.toByteArray());
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
            return server;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
