package io.authbridge.management.exceptionless;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.authbridge.Uuids;
import io.authbridge.management.JsonBodies;
import io.authbridge.management.ManagementAuthentication;
import io.authbridge.management.ManagementException;
import io.authbridge.management.ManagementService;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Organizations, projects, users and the audit log, in the Exceptionless dialect. */
final class ExceptionlessDirectoryHandler {

    private final ManagementService service;

    private final ManagementAuthentication authentication;

    private final JsonBodies bodies;

    ExceptionlessDirectoryHandler(ManagementService service, ManagementAuthentication authentication, JsonBodies bodies) {
        this.service = service;
        this.authentication = authentication;
        this.bodies = bodies;
    }

    Mono<ServerResponse> listOrganizations(ServerRequest request) {
        return authentication.authenticate(request)
            .flatMap(caller -> json(HttpStatus.OK, service.listOrganizations(caller).map(ExceptionlessViews::organization)));
    }

    Mono<ServerResponse> createOrganization(ServerRequest request) {
        return authentication.authenticate(request).flatMap(caller -> bodies.read(request, false).flatMap(body -> {
            String name = ExceptionlessRequests.boundedText(body, "name", "Name", 250);
            return service.createOrganization(caller, name, ManagementAuthentication.clientIp(request));
        })).flatMap(organization -> json(HttpStatus.CREATED, Mono.just(ExceptionlessViews.organization(organization))));
    }

    Mono<ServerResponse> listProjects(ServerRequest request) {
        return authentication.authenticate(request)
            .flatMap(caller -> json(HttpStatus.OK, service.listProjects(caller).map(ExceptionlessViews::project)));
    }

    Mono<ServerResponse> getProject(ServerRequest request) {
        UUID id = pathId(request, "id", "Project not found.");
        return authentication.authenticate(request)
            .flatMap(caller -> service.project(caller, id))
            .flatMap(project -> json(HttpStatus.OK, Mono.just(ExceptionlessViews.project(project))));
    }

    Mono<ServerResponse> createProject(ServerRequest request) {
        return authentication.authenticate(request).flatMap(caller -> bodies.read(request, false).flatMap(body -> {
            UUID organizationId = ExceptionlessRequests.id(body, "organization_id", "Please specify a valid organization id.");
            String name = ExceptionlessRequests.boundedText(body, "name", "Name", 250);
            return service.createProject(caller, organizationId, name, ManagementAuthentication.clientIp(request));
        })).flatMap(project -> json(HttpStatus.CREATED, Mono.just(ExceptionlessViews.project(project))));
    }

    Mono<ServerResponse> listUsers(ServerRequest request) {
        return authentication.authenticate(request)
            .flatMap(caller -> json(HttpStatus.OK, service.listUsers(caller)
                .concatMap(user -> service.organizationsOf(user.id()).collectList()
                    .map(organizations -> ExceptionlessViews.user(user, organizations)))));
    }

    /**
     * {@code POST /api/v2/users}: a global administrator creates a user, optionally an administrator, and
     * adds it to organizations.
     */
    Mono<ServerResponse> createUser(ServerRequest request) {
        return authentication.authenticate(request).flatMap(caller -> bodies.read(request, false).flatMap(body -> {
            String email = ExceptionlessRequests.boundedText(body, "email_address", "EmailAddress", 320);
            String password = ExceptionlessRequests.text(body, "password");
            if (password == null || password.length() < 6 || password.length() > 100) {
                throw ManagementException.invalid("password",
                        "The field Password must be a string with a minimum length of 6 and a maximum length of 100.");
            }
            String fullName = ExceptionlessRequests.text(body, "full_name");
            Boolean admin = ExceptionlessRequests.bool(body, "is_global_admin");
            List<UUID> organizations = organizationIds(body);
            return service.createUser(caller, email, password, fullName, Boolean.TRUE.equals(admin), organizations,
                    ManagementAuthentication.clientIp(request))
                .map(user -> ExceptionlessViews.user(user, organizations));
        })).flatMap(view -> json(HttpStatus.CREATED, Mono.just(view)));
    }

    /** {@code POST /api/v2/organizations/{id}/users/{userId}}: adds a member. */
    Mono<ServerResponse> addMember(ServerRequest request) {
        UUID organizationId = pathId(request, "id", "Organization not found.");
        UUID userId = pathId(request, "userId", "User not found.");
        return authentication.authenticate(request)
            .flatMap(caller -> service.addMember(caller, organizationId, userId, ManagementAuthentication.clientIp(request)))
            .then(ServerResponse.ok().build());
    }

    /** {@code GET /api/v2/admin/audit-log?page=&limit=}: newest first, global administrators only. */
    Mono<ServerResponse> auditLog(ServerRequest request) {
        int limit = intParam(request, "limit", 50, 1, 1000);
        int page = intParam(request, "page", 1, 1, 100_000);
        return authentication.authenticate(request)
            .flatMap(caller -> json(HttpStatus.OK, service.auditLog(caller, limit, (long) (page - 1) * limit)
                .map(ExceptionlessViews::auditEntry)));
    }

    private static List<UUID> organizationIds(JsonNode body) {
        List<String> ids = ExceptionlessRequests.strings(body, "organization_ids", "Please specify valid organization ids.");
        List<UUID> parsed = new ArrayList<>();
        if (ids != null) {
            for (String id : ids) {
                UUID uuid = Uuids.parse(id);
                if (uuid == null) {
                    throw ManagementException.invalid("organization_ids", "Please specify valid organization ids.");
                }
                if (!parsed.contains(uuid)) {
                    parsed.add(uuid);
                }
            }
        }
        return parsed;
    }

    static UUID pathId(ServerRequest request, String variable, String notFound) {
        UUID id = Uuids.parse(request.pathVariable(variable));
        if (id == null) {
            throw ManagementException.notFound(notFound);
        }
        return id;
    }

    static int intParam(ServerRequest request, String name, int fallback, int min, int max) {
        String value = request.queryParam(name).orElse(null);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw ManagementException.invalid(name, "The " + name + " must be between " + min + " and " + max + ".");
            }
            return parsed;
        }
        catch (NumberFormatException ex) {
            throw ManagementException.invalid(name, "The " + name + " must be a number.");
        }
    }

    static Mono<ServerResponse> json(HttpStatus status, Flux<?> items) {
        return items.collectList().flatMap(list -> ServerResponse.status(status)
            .contentType(MediaType.APPLICATION_JSON)
            .header("X-Result-Count", Integer.toString(list.size()))
            .bodyValue(list));
    }

    static Mono<ServerResponse> json(HttpStatus status, Mono<?> item) {
        return item.flatMap(value -> ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(value));
    }
}
