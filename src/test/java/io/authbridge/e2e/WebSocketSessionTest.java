package io.authbridge.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket session through the gateway lives as long as its peers keep it: every deadline of the gateway's
 * (the request head's, the request body's, the upstream's answer, an idle kept-alive connection's; all 1 s here)
 * bounds HTTP, never the frames after the handshake, however long either side stays silent between them. A
 * session's frames after a silence once met the request-head deadline, which answered them with a 408 written
 * into the WebSocket stream.
 */
@Import(WebSocketSessionTest.EchoRoute.class)
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "authbridge.server.request-headers-timeout=1s",
    "authbridge.server.request-body-timeout=1s", "authbridge.upstream.response-timeout=1s",
    "server.netty.idle-timeout=1s" })
class WebSocketSessionTest extends GatewayTestSupport {

    private static final Duration SILENCE = Duration.ofMillis(2500);

    /** Echoes each frame; a session whose path ends in {@code /late} first hears from the upstream after 2.5 s. */
    private static final DisposableServer echo = HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .handle((request, response) -> response.sendWebsocket((in, out) -> request.uri().endsWith("/late")
                ? out.sendString(Mono.just("late news").delayElement(SILENCE)).then(out.sendString(in.receive().asString()))
                : out.sendString(in.receive().asString())))
        .bindNow();

    @TestConfiguration
    static class EchoRoute {

        @Bean
        RouteLocator echoRoutes(RouteLocatorBuilder routes) {
            return routes.routes()
                .route("ws-echo", route -> route.path("/ws-echo/**").uri("http://127.0.0.1:" + echo.port()))
                .build();
        }
    }

    @Test
    void aClientSilentBetweenFramesForLongerThanEveryDeadlineIsStillEchoed(CapturedOutput output) {
        List<String> heard = session("/ws-echo/chat", Flux.just("first", "after silence")
            .concatMap(frame -> Mono.just(frame).delayElement(frame.equals("first") ? Duration.ZERO : SILENCE)), 2);

        assertThat(heard).containsExactly("first", "after silence");
        // the access line names the status the client got
        assertThat(output.getAll().lines().filter(line -> line.contains("authbridge.access : GET /ws-echo/chat ")))
            .singleElement().asString().contains("GET /ws-echo/chat 101 ");
    }

    @Test
    void anUpstreamSilentAfterTheHandshakeForLongerThanEveryDeadlineIsStillHeard() {
        List<String> heard = session("/ws-echo/late", Flux.just("early"), 2);

        // the upstream speaks first, then echoes
        assertThat(heard).containsExactly("late news", "early");
    }

    @Test
    void aFrameSentWithTheHandshakeBeforeThe101LeavesTheSessionAndItsAccessLine101(CapturedOutput output)
            throws Exception {
        IssuedToken token = scopedToken(newProject(), Scope.CLIENT);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            // RFC 6455 has the client wait for the 101; this one does not: its frame reaches the HTTP codec first
            byte[] head = ("GET /ws-echo/eager HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + bearer(token)
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            OutputStream out = socket.getOutputStream();
            out.write(concat(head, maskedText("eager")));
            out.flush();
            socket.setSoTimeout(5000);
            assertThat(readUntil(socket.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 101 ");
            out.write(maskedText("later"));
            out.flush();
            assertThat(readUntil(socket.getInputStream(), "later")).endsWith("later");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline
                && output.getAll().lines().noneMatch(line -> line.contains("authbridge.access : GET /ws-echo/eager "))) {
            Thread.sleep(50);
        }
        // the session's line says what the client got, not the 400 of the frame the codec took for a request
        assertThat(output.getAll().lines().filter(line -> line.contains("authbridge.access : GET /ws-echo/eager ")))
            .singleElement().asString().contains("GET /ws-echo/eager 101 ");
    }

    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        byte[] mask = { 11, 22, 33, 44 };
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder read = new StringBuilder();
        for (int b; !read.toString().endsWith(end) && (b = in.read()) >= 0; ) {
            read.append((char) b);
        }
        return read.toString();
    }

    /** What the client hears (the first {@code count} frames) when it sends {@code frames} on a session to {@code path}. */
    private List<String> session(String path, Flux<String> frames, int count) {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);
        return HttpClient.create()
            .headers(headers -> headers.set("Authorization", bearer(token)))
            .websocket()
            .uri("ws://127.0.0.1:" + port + path)
            // sending, then waiting for the echoes, beside the frames heard
            .handle((in, out) -> Flux.<String>merge(Mono.from(out.sendString(frames)).then(Mono.<String>never()),
                    in.receive().asString()))
            .take(count)
            .collectList()
            .block(Duration.ofSeconds(20));
    }
}
