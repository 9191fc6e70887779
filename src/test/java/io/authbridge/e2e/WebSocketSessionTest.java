package io.authbridge.e2e;

import java.time.Duration;
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
