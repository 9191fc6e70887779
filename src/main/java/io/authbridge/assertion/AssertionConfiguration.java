package io.authbridge.assertion;

import java.time.Clock;

import io.authbridge.token.TokenCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * The identity assertions, their keys at {@code GET /.well-known/jwks.json} (served before any route, to
 * anyone: it holds public keys only), and the link that drops a token's assertions when the token cache is
 * told the token changed.
 */
@Configuration(proxyBeanMethods = false)
class AssertionConfiguration {

    /** The path of the published keys (RFC 8414's customary name). */
    static final String JWKS_PATH = "/.well-known/jwks.json";

    /** How long a client may keep the key set: a rotation publishes the new key when it starts signing. */
    private static final CacheControl JWKS_CACHING = CacheControl.maxAge(java.time.Duration.ofMinutes(5)).cachePublic();

    @Bean
    IdentityAssertions identityAssertions(IdentityAssertionProperties properties, TokenCache tokens) {
        IdentityAssertions assertions = new IdentityAssertions(properties, Clock.systemUTC());
        if (properties.keyFile() != null || !properties.previousKeyFiles().isEmpty()) {
            // configured keys are checked at startup, whether a route signs yet or not
            assertions.keys();
        }
        tokens.onForget(assertions::forget);
        return assertions;
    }

    @Bean
    RouterFunction<ServerResponse> jwks(IdentityAssertions assertions) {
        return route(GET(JWKS_PATH), request -> {
            // the first use may generate the key (a file write): off the event loop
            Mono<String> json = assertions.keysLoaded() ? Mono.just(assertions.jwks())
                    : Mono.fromCallable(assertions::jwks).subscribeOn(Schedulers.boundedElastic());
            return json.flatMap(body -> ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .cacheControl(JWKS_CACHING)
                .bodyValue(body));
        });
    }
}
