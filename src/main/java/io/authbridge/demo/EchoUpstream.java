package io.authbridge.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * The quick start's upstream: a separate HTTP server that answers every request with JSON describing
 * what reached it (method, path, query, headers, body size), so a newcomer can see what the gateway
 * forwarded: which credential, which identity headers, which query parameters.
 */
@Component
@ConditionalOnBooleanProperty("authbridge.demo.echo-upstream.enabled")
class EchoUpstream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EchoUpstream.class);

    private final EchoUpstreamProperties properties;

    private final JsonMapper json;

    private volatile DisposableServer server;

    EchoUpstream(EchoUpstreamProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    @Override
    public void start() {
        server = HttpServer.create()
            .host(properties.host())
            .port(properties.port())
            .handle((request, response) -> request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                .flatMap(body -> response.header("Content-Type", "application/json")
                    .sendByteArray(Mono.just(describe(request, body)))
                    .then()))
            .bindNow();
        log.info("Demo echo upstream listening on http://{}:{}", properties.host(), server.port());
    }

    private byte[] describe(HttpServerRequest request, byte[] body) {
        String uri = request.uri();
        int question = uri.indexOf('?');
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("method", request.method().name());
        echo.put("path", question < 0 ? uri : uri.substring(0, question));
        echo.put("query", question < 0 ? null : uri.substring(question + 1));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.requestHeaders().forEach(entry ->
                headers.computeIfAbsent(entry.getKey(), name -> new ArrayList<>()).add(entry.getValue()));
        echo.put("headers", headers);
        echo.put("body_bytes", body.length);
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(echo).getBytes(StandardCharsets.UTF_8);
    }

    /** The bound port (useful when configured as 0). */
    int port() {
        return server == null ? -1 : server.port();
    }

    @Override
    public void stop() {
        DisposableServer current = server;
        if (current != null) {
            current.disposeNow();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
