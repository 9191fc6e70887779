package io.authbridge.console;

import java.net.URI;
import java.util.List;

import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.error.GatewayError;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.HEAD;
import static org.springframework.web.reactive.function.server.RequestPredicates.path;

/**
 * Serves the console under {@code /console/}, before any route: every path there is the console's (a
 * missing file is a 404, never a request to an upstream). Every answer carries the headers that make the
 * page safe by construction: a Content-Security-Policy with no inline script or style and Trusted Types
 * required (a string assigned to {@code innerHTML} throws), no framing, no sniffing, no referrer.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "authbridge.console.enabled", matchIfMissing = true)
class ConsoleRoutes {

    /** The console's Content-Security-Policy. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
            + "form-action 'self'; object-src 'none'; require-trusted-types-for 'script'; trusted-types 'none'";

    @Bean
    RouterFunction<ServerResponse> console(ErrorResponseWriter errors) {
        ConsoleAssets assets = ConsoleAssets.load();
        return RouterFunctions.nest(request -> request.path().equals("/console") || request.path().startsWith("/console/"),
                RouterFunctions.route(GET("/console"), request -> ServerResponse.status(HttpStatus.FOUND)
                    .location(URI.create("/console/")).build())
                    .andRoute(GET("/console/**").or(HEAD("/console/**")), request -> serve(request, assets, errors))
                    .andRoute(path("/console/**"), request -> errors.respond(request.exchange(),
                            errors.dialectOf(request.exchange()), GatewayError.METHOD_NOT_ALLOWED, null))
                    .filter(securityHeaders()));
    }

    private static Mono<ServerResponse> serve(ServerRequest request, ConsoleAssets assets, ErrorResponseWriter errors) {
        String name = request.path().substring("/console/".length());
        ConsoleAssets.Asset asset = assets.find(name.isEmpty() ? "index.html" : name);
        if (asset == null) {
            return errors.respond(request.exchange(), errors.dialectOf(request.exchange()), GatewayError.NOT_FOUND, null);
        }
        List<String> ifNoneMatch = request.headers().header(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch.stream().anyMatch(tag -> tag.contains(asset.etag()))) {
            return ServerResponse.status(HttpStatus.NOT_MODIFIED).eTag(asset.etag()).build();
        }
        return ServerResponse.ok().contentType(asset.type()).eTag(asset.etag()).bodyValue(asset.bytes());
    }

    /**
     * The headers of every console response, errors included: set on the exchange's response before the
     * handler runs, so that a handler's own {@code Cache-Control} (errors: no-store) still wins.
     */
    private static HandlerFilterFunction<ServerResponse, ServerResponse> securityHeaders() {
        return (request, next) -> {
            HttpHeaders headers = request.exchange().getResponse().getHeaders();
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Cross-Origin-Opener-Policy", "same-origin");
            headers.set("Cross-Origin-Resource-Policy", "same-origin");
            // revalidated on every load, so an upgraded gateway serves its new files at once
            headers.setCacheControl("no-cache, private");
            return next.handle(request);
        };
    }
}
