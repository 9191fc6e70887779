package io.authbridge.management.signalwire;

import java.util.Locale;

import io.authbridge.Uuids;
import io.authbridge.management.Caller;
import io.authbridge.management.projecttree.ProjectTreeService;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code /api/projects}: the caller's project tree; new subprojects (one level only). */
final class SignalWireProjectHandler {

    private final ProjectTreeService tree;

    SignalWireProjectHandler(ProjectTreeService tree) {
        this.tree = tree;
    }

    /** Before the body of {@code POST /api/projects} is read: the caller's project must be top-level. */
    Mono<Void> mayCreate(ServerRequest request, Caller caller) {
        return tree.mayCreateSubproject(caller);
    }

    Mono<ServerResponse> create(ServerRequest request, Caller caller, JsonNode body) {
        return tree.createSubproject(caller, SignalWireRequests.name(body, true))
            .flatMap(project -> ServerResponse.status(HttpStatus.CREATED)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(SignalWireViews.ProjectView.of(project)));
    }

    /** The tree, filtered by {@code ?name=} (a part of the name, any case). */
    Mono<ServerResponse> list(ServerRequest request, Caller caller) {
        String part = request.queryParam("name").map(name -> name.toLowerCase(Locale.ROOT)).orElse(null);
        return tree.projects(caller)
            .filter(project -> part == null || project.name().toLowerCase(Locale.ROOT).contains(part))
            .map(SignalWireViews.ProjectView::of)
            .collectList()
            .flatMap(items -> ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(SignalWireRequests.page(request, items)));
    }

    Mono<ServerResponse> get(ServerRequest request, Caller caller) {
        return tree.project(caller, Uuids.parse(request.pathVariable("id")))
            .flatMap(project -> ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(SignalWireViews.ProjectView.of(project)));
    }
}
