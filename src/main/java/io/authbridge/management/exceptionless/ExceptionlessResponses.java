package io.authbridge.management.exceptionless;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** How the Exceptionless dialect sends a view: JSON, lists with their size, secrets never cached. */
final class ExceptionlessResponses {

    private ExceptionlessResponses() {
    }

    static Mono<ServerResponse> json(HttpStatus status, Object view) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(view);
    }

    /** A bare array with its size in {@code X-Result-Count}, as Exceptionless's paged results carry it. */
    static Mono<ServerResponse> list(Flux<?> views) {
        return views.collectList().flatMap(list -> ServerResponse.ok()
            .contentType(MediaType.APPLICATION_JSON)
            .header("X-Result-Count", Integer.toString(list.size()))
            .bodyValue(list));
    }

    /** A view that holds a secret (a new token): {@code Cache-Control: no-store}. */
    static Mono<ServerResponse> secret(HttpStatus status, Object view) {
        return ServerResponse.status(status)
            .contentType(MediaType.APPLICATION_JSON)
            .headers(headers -> headers.setCacheControl("no-store"))
            .bodyValue(view);
    }
}
