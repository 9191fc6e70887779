package io.authbridge.management.signalwire;

import io.authbridge.Uuids;
import io.authbridge.management.Caller;
import io.authbridge.management.projecttree.ProjectTreeService;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/project/tokens}: create (200 with the secret, once), update (200), delete (204), and a listing
 * SignalWire itself lacks, without secrets.
 */
final class SignalWireTokenHandler {

    private final ProjectTreeService tree;

    SignalWireTokenHandler(ProjectTreeService tree) {
        this.tree = tree;
    }

    Mono<ServerResponse> create(ServerRequest request, Caller caller, JsonNode body) {
        String name = SignalWireRequests.name(body, true);
        int permissions = SignalWireRequests.permissions(body, true);
        return tree.createToken(caller, name, permissions, SignalWireRequests.subprojectId(body))
            .flatMap(issued -> ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> headers.setCacheControl("no-store"))
                .bodyValue(SignalWireViews.TokenView.created(issued)));
    }

    /** Before the body of {@code PATCH /api/project/tokens/{id}} is read: the token must be one the caller manages. */
    Mono<Void> mayUpdate(ServerRequest request, Caller caller) {
        return tree.mayUpdateToken(caller, Uuids.parse(request.pathVariable("id")));
    }

    Mono<ServerResponse> update(ServerRequest request, Caller caller, JsonNode body) {
        String name = SignalWireRequests.name(body, false);
        Integer permissions = SignalWireRequests.permissions(body, false);
        return tree.updateToken(caller, Uuids.parse(request.pathVariable("id")), name, permissions)
            .flatMap(token -> ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(SignalWireViews.TokenView.of(token)));
    }

    Mono<ServerResponse> delete(ServerRequest request, Caller caller) {
        return tree.deleteToken(caller, Uuids.parse(request.pathVariable("id"))).then(ServerResponse.noContent().build());
    }

    Mono<ServerResponse> list(ServerRequest request, Caller caller) {
        return tree.tokens(caller).map(SignalWireViews.TokenView::listed).collectList()
            .flatMap(items -> ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(SignalWireRequests.page(request, items)));
    }
}
