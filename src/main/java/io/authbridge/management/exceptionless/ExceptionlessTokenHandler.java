package io.authbridge.management.exceptionless;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.management.JsonBodies;
import io.authbridge.management.ManagementAuthentication;
import io.authbridge.management.ManagementException;
import io.authbridge.management.ManagementService;
import io.authbridge.token.Scope;
import io.authbridge.token.StoredToken;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import static io.authbridge.management.exceptionless.ExceptionlessDirectoryHandler.json;
import static io.authbridge.management.exceptionless.ExceptionlessDirectoryHandler.pathId;

/**
 * Project API keys, as Exceptionless serves them: only a user's login token manages them (an API key gets
 * 403 even with the {@code user} scope); the creation response's {@code id} is the new token itself.
 */
final class ExceptionlessTokenHandler {

    private static final String INVALID_SCOPE = "Invalid token scope requested.";

    private final ManagementService service;

    private final ManagementAuthentication authentication;

    private final JsonBodies bodies;

    ExceptionlessTokenHandler(ManagementService service, ManagementAuthentication authentication, JsonBodies bodies) {
        this.service = service;
        this.authentication = authentication;
        this.bodies = bodies;
    }

    Mono<ServerResponse> list(ServerRequest request) {
        UUID projectId = pathId(request, "id", "Project not found.");
        return authentication.authenticate(request).flatMap(caller -> json(HttpStatus.OK,
                service.listProjectTokens(caller, projectId).map(token -> ExceptionlessViews.token(token,
                        token.id().toString()))));
    }

    Mono<ServerResponse> create(ServerRequest request) {
        UUID projectId = pathId(request, "id", "Project not found.");
        return authentication.authenticate(request).flatMap(caller -> bodies.read(request, true).flatMap(body -> {
            int scopes = scopes(body, caller);
            String notes = ExceptionlessRequests.text(body, "notes");
            if (notes != null && notes.length() > 2000) {
                throw ManagementException.invalid("notes", "The field Notes must be a string with a maximum length of 2000.");
            }
            Instant expires = ExceptionlessRequests.instant(body, "expires_utc");
            return service.createProjectToken(caller, projectId, scopes, notes, expires,
                    ManagementAuthentication.clientIp(request));
        })).flatMap(issued -> ServerResponse.status(HttpStatus.CREATED)
            .contentType(MediaType.APPLICATION_JSON)
            .headers(headers -> headers.setCacheControl("no-store"))
            .bodyValue(ExceptionlessViews.token(issued.stored(), issued.secret())));
    }

    Mono<ServerResponse> update(ServerRequest request) {
        String id = request.pathVariable("id");
        return authentication.authenticate(request).flatMap(caller -> bodies.read(request, false).flatMap(body -> {
            Boolean disabled = ExceptionlessRequests.bool(body, "is_disabled");
            boolean notesGiven = JsonBodies.field(body, "notes") != null;
            String notes = ExceptionlessRequests.text(body, "notes");
            return service.managedToken(caller, id, "update")
                .flatMap(token -> service.updateToken(caller, token, disabled, notes, notesGiven,
                        ManagementAuthentication.clientIp(request)));
        })).flatMap(token -> json(HttpStatus.OK, Mono.just(ExceptionlessViews.token(token, token.id().toString()))));
    }

    /**
     * {@code DELETE /api/v2/tokens/{ids}}: all deleted is 202 {@code {"workers":[]}}; none found is 404; some
     * found is 400 listing what succeeded and what failed, as Exceptionless answers.
     */
    Mono<ServerResponse> delete(ServerRequest request) {
        List<String> ids = new ArrayList<>();
        for (String id : request.pathVariable("ids").split(",")) {
            if (!id.isBlank() && !ids.contains(id.trim())) {
                ids.add(id.trim());
            }
        }
        String ip = ManagementAuthentication.clientIp(request);
        return authentication.authenticate(request).flatMap(caller -> Flux.fromIterable(ids)
            .concatMap(id -> service.managedToken(caller, id, "delete")
                .flatMap(token -> service.deleteToken(caller, token, ip).thenReturn(Outcome.deleted(id, token)))
                .onErrorResume(ManagementException.class, ex -> ex.error().status(io.authbridge.error.ErrorDialect.EXCEPTIONLESS)
                        == HttpStatus.NOT_FOUND ? Mono.just(Outcome.missing(id)) : Mono.error(ex)))
            .collectList()
            .flatMap(outcomes -> respond(outcomes)));
    }

    private static Mono<ServerResponse> respond(List<Outcome> outcomes) {
        List<String> success = new ArrayList<>();
        List<Map<String, Object>> failure = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.token() != null) {
                success.add(outcome.token().id().toString());
            }
            else {
                Map<String, Object> failed = new LinkedHashMap<>();
                failed.put("allowed", false);
                failed.put("id", outcome.id());
                failed.put("status_code", 404);
                failure.add(failed);
            }
        }
        if (success.isEmpty()) {
            return Mono.error(ManagementException.notFound("No tokens found."));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workers", List.of());
        if (failure.isEmpty()) {
            return ServerResponse.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        }
        body.put("success", success);
        body.put("failure", failure);
        return ServerResponse.badRequest().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private record Outcome(String id, StoredToken token) {

        static Outcome deleted(String id, StoredToken token) {
            return new Outcome(id, token);
        }

        static Outcome missing(String id) {
            return new Outcome(id, null);
        }
    }

    /** Requested scopes, lower-cased; empty means client; {@code global} only for global administrators. */
    private static int scopes(JsonNode body, AuthenticatedPrincipal caller) {
        List<String> names = ExceptionlessRequests.strings(body, "scopes", INVALID_SCOPE);
        int mask = 0;
        if (names != null) {
            for (String name : names) {
                Scope scope = Scope.fromWireName(name);
                if (scope == null) {
                    throw ManagementException.invalid("scopes", INVALID_SCOPE);
                }
                mask |= scope.bit();
            }
        }
        if (mask == 0) {
            mask = Scope.CLIENT.bit();
        }
        if (!caller.hasAllScopes(mask)) {
            throw ManagementException.invalid("scopes", INVALID_SCOPE);
        }
        return Scope.withImplied(mask);
    }
}
