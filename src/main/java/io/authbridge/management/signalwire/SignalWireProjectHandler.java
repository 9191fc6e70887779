package io.authbridge.management.signalwire;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.authbridge.Uuids;
import io.authbridge.directory.Project;
import io.authbridge.management.JsonBodies;
import io.authbridge.management.ManagementAuthentication;
import io.authbridge.management.ManagementService;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code /api/projects}: the caller's project tree; new subprojects (one level only). */
final class SignalWireProjectHandler {

    private final ManagementService service;

    private final ManagementAuthentication authentication;

    private final JsonBodies bodies;

    SignalWireProjectHandler(ManagementService service, ManagementAuthentication authentication, JsonBodies bodies) {
        this.service = service;
        this.authentication = authentication;
        this.bodies = bodies;
    }

    Mono<ServerResponse> create(ServerRequest request) {
        return authentication.authenticate(request, true)
            .flatMap(caller -> bodies.read(request, false)
                .flatMap(body -> service.createSubproject(caller, SignalWireRequests.name(body, true),
                        ManagementAuthentication.clientIp(request))))
            .flatMap(project -> ServerResponse.status(HttpStatus.CREATED)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(view(project)));
    }

    Mono<ServerResponse> list(ServerRequest request) {
        String nameFilter = request.queryParam("name").orElse(null);
        return authentication.authenticate(request, true)
            .flatMap(caller -> service.projectTree(caller)
                .filter(project -> nameFilter == null || project.name().toLowerCase(java.util.Locale.ROOT)
                    .contains(nameFilter.toLowerCase(java.util.Locale.ROOT)))
                .map(SignalWireProjectHandler::view)
                .collectList())
            .flatMap(items -> ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(SignalWireRequests.page(request, items)));
    }

    Mono<ServerResponse> get(ServerRequest request) {
        UUID id = Uuids.parse(request.pathVariable("id"));
        return authentication.authenticate(request, true)
            .flatMap(caller -> service.projectInTree(caller, id))
            .flatMap(project -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(view(project)));
    }

    static Map<String, Object> view(Project project) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", project.id().toString());
        view.put("name", project.name());
        view.put("parent_project_id", project.parentProjectId() == null ? null : project.parentProjectId().toString());
        view.put("subproject", project.isSubproject());
        view.put("created_at", project.createdUtc().toString());
        view.put("updated_at", project.updatedUtc().toString());
        return view;
    }
}
