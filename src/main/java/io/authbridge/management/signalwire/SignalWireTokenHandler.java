package io.authbridge.management.signalwire;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.authbridge.Uuids;
import io.authbridge.management.JsonBodies;
import io.authbridge.management.ManagementAuthentication;
import io.authbridge.management.ManagementException;
import io.authbridge.management.ManagementService;
import io.authbridge.token.Permission;
import io.authbridge.token.StoredToken;
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

    private final ManagementService service;

    private final ManagementAuthentication authentication;

    private final JsonBodies bodies;

    SignalWireTokenHandler(ManagementService service, ManagementAuthentication authentication, JsonBodies bodies) {
        this.service = service;
        this.authentication = authentication;
        this.bodies = bodies;
    }

    Mono<ServerResponse> create(ServerRequest request) {
        return authentication.authenticate(request, true).flatMap(caller -> bodies.read(request, false).flatMap(body -> {
            String name = SignalWireRequests.name(body, true);
            int permissions = SignalWireRequests.permissions(body, true);
            UUID subproject = subprojectId(body);
            return service.createSignalWireToken(caller, name, permissions, subproject,
                    ManagementAuthentication.clientIp(request));
        })).flatMap(issued -> {
            Map<String, Object> view = view(issued.stored());
            view.put("token", issued.secret());
            return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> headers.setCacheControl("no-store"))
                .bodyValue(view);
        });
    }

    Mono<ServerResponse> update(ServerRequest request) {
        UUID id = Uuids.parse(request.pathVariable("id"));
        return authentication.authenticate(request, true).flatMap(caller -> bodies.read(request, false).flatMap(body -> {
            String name = SignalWireRequests.name(body, false);
            Integer permissions = SignalWireRequests.permissions(body, false);
            return service.updateSignalWireToken(caller, id, name, permissions, ManagementAuthentication.clientIp(request));
        })).flatMap(token -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(view(token)));
    }

    Mono<ServerResponse> delete(ServerRequest request) {
        UUID id = Uuids.parse(request.pathVariable("id"));
        return authentication.authenticate(request, true)
            .flatMap(caller -> service.deleteSignalWireToken(caller, id, ManagementAuthentication.clientIp(request)))
            .then(ServerResponse.noContent().build());
    }

    Mono<ServerResponse> list(ServerRequest request) {
        return authentication.authenticate(request, true)
            .flatMap(caller -> service.listSignalWireTokens(caller).map(token -> {
                Map<String, Object> view = view(token);
                view.put("project_id", token.projectId().toString());
                view.put("created_at", token.createdUtc().toString());
                view.put("updated_at", token.updatedUtc().toString());
                if (token.lastUsedUtc() != null) {
                    view.put("last_used_at", token.lastUsedUtc().toString());
                }
                return view;
            }).collectList())
            .flatMap(items -> ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(SignalWireRequests.page(request, items)));
    }

    private static UUID subprojectId(JsonNode body) {
        JsonNode node = JsonBodies.field(body, "subproject_id");
        if (node == null || node.isNull()) {
            return null;
        }
        UUID id = node.isString() ? Uuids.parse(node.asString()) : null;
        if (id == null) {
            throw ManagementException.signalWireInvalid("invalid_subproject_id",
                    "The subproject ID passed could not be found or does not belong to the project being used to "
                            + "authenticate the request.", "subproject_id");
        }
        return id;
    }

    /** {@code id}, {@code name}, {@code permissions}: the token response without the secret. */
    private static Map<String, Object> view(StoredToken token) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", token.id().toString());
        view.put("name", token.name() == null ? "" : token.name());
        view.put("permissions", Permission.names(token.permissions()));
        return view;
    }
}
