package io.authbridge.management.exceptionless;

import java.util.UUID;

import io.authbridge.management.Caller;
import io.authbridge.management.directory.DirectoryService;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import static io.authbridge.management.exceptionless.ExceptionlessRequests.pathId;

/** Organizations, their members and their projects, in the Exceptionless dialect. */
final class ExceptionlessDirectoryHandler {

    private final DirectoryService directory;

    ExceptionlessDirectoryHandler(DirectoryService directory) {
        this.directory = directory;
    }

    Mono<ServerResponse> listOrganizations(ServerRequest request, Caller caller) {
        return ExceptionlessResponses.list(directory.listOrganizations(caller).map(ExceptionlessViews.OrganizationView::of));
    }

    Mono<ServerResponse> createOrganization(ServerRequest request, Caller caller, JsonNode body) {
        String name = ExceptionlessRequests.boundedText(body, "name", "Name", 250);
        return directory.createOrganization(caller, name)
            .flatMap(created -> ExceptionlessResponses.json(HttpStatus.CREATED,
                    ExceptionlessViews.OrganizationView.of(created)));
    }

    /** {@code POST /api/v2/organizations/{id}/users/{userId}}. */
    Mono<ServerResponse> addMember(ServerRequest request, Caller caller) {
        return directory.addMember(caller, pathId(request, "id"), pathId(request, "userId"))
            .then(ServerResponse.ok().build());
    }

    Mono<ServerResponse> listProjects(ServerRequest request, Caller caller) {
        return ExceptionlessResponses.list(directory.listProjects(caller).map(ExceptionlessViews.ProjectView::of));
    }

    Mono<ServerResponse> getProject(ServerRequest request, Caller caller) {
        return directory.project(caller, pathId(request, "id"))
            .flatMap(project -> ExceptionlessResponses.json(HttpStatus.OK, ExceptionlessViews.ProjectView.of(project)));
    }

    Mono<ServerResponse> createProject(ServerRequest request, Caller caller, JsonNode body) {
        UUID organizationId = ExceptionlessRequests.id(body, "organization_id", ExceptionlessErrors.INVALID_ORGANIZATION_ID);
        String name = ExceptionlessRequests.boundedText(body, "name", "Name", 250);
        return directory.createProject(caller, organizationId, name)
            .flatMap(created -> ExceptionlessResponses.json(HttpStatus.CREATED, ExceptionlessViews.ProjectView.of(created)));
    }
}
