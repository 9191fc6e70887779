package io.authbridge.management.exceptionless;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.authbridge.management.Caller;
import io.authbridge.management.JsonBodies;
import io.authbridge.management.apikey.ApiKeyService;
import io.authbridge.token.Scope;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import static io.authbridge.management.exceptionless.ExceptionlessRequests.pathId;

/**
 * Project API keys as Exceptionless serves them: the creation's {@code id} is the new key itself; a key is
 * named by its public id or by itself; a bulk deletion answers what it found and what it did not.
 */
final class ExceptionlessApiKeyHandler {

    private final ApiKeyService apiKeys;

    ExceptionlessApiKeyHandler(ApiKeyService apiKeys) {
        this.apiKeys = apiKeys;
    }

    Mono<ServerResponse> list(ServerRequest request, Caller caller) {
        return ExceptionlessResponses.list(apiKeys.list(caller, pathId(request, "id"))
            .map(ExceptionlessViews.TokenView::of));
    }

    /** Before the body of {@code POST /api/v2/projects/{id}/tokens} is read: the project must be the caller's to see. */
    Mono<Void> mayCreate(ServerRequest request, Caller caller) {
        return apiKeys.mayCreate(caller, pathId(request, "id"));
    }

    /** Before the body of {@code PATCH /api/v2/tokens/{id}} is read: the key must be one the caller manages. */
    Mono<Void> mayUpdate(ServerRequest request, Caller caller) {
        return apiKeys.mayUpdate(caller, request.pathVariable("id"));
    }

    /** {@code POST /api/v2/projects/{id}/tokens}: the body is optional, no scopes mean {@code client}. */
    Mono<ServerResponse> create(ServerRequest request, Caller caller, JsonNode body) {
        int scopes = scopes(body);
        String notes = ExceptionlessRequests.text(body, "notes");
        if (notes != null && notes.length() > 2000) {
            throw ExceptionlessProblem.invalid("notes", "The field Notes must be a string with a maximum length of 2000.");
        }
        Instant expires = ExceptionlessRequests.instant(body, "expires_utc");
        return apiKeys.create(caller, pathId(request, "id"), scopes, notes, expires)
            .flatMap(issued -> ExceptionlessResponses.secret(HttpStatus.CREATED,
                    ExceptionlessViews.TokenView.of(issued.stored(), issued.secret())));
    }

    /** {@code PATCH /api/v2/tokens/{id}}: {@code is_disabled} and {@code notes}; other fields are ignored. */
    Mono<ServerResponse> update(ServerRequest request, Caller caller, JsonNode body) {
        Boolean disabled = ExceptionlessRequests.bool(body, "is_disabled");
        boolean notesGiven = JsonBodies.field(body, "notes") != null;
        String notes = ExceptionlessRequests.text(body, "notes");
        return apiKeys.update(caller, request.pathVariable("id"), disabled, notes, notesGiven)
            .flatMap(token -> ExceptionlessResponses.json(HttpStatus.OK, ExceptionlessViews.TokenView.of(token)));
    }

    /**
     * {@code DELETE /api/v2/tokens/{ids}}: all deleted is 202 {@code {"workers":[]}}; none found is 404; some
     * found is 400 listing what succeeded and what failed, as Exceptionless answers.
     */
    Mono<ServerResponse> delete(ServerRequest request, Caller caller) {
        List<String> ids = new ArrayList<>();
        for (String id : request.pathVariable("ids").split(",")) {
            if (!id.isBlank() && !ids.contains(id.trim())) {
                ids.add(id.trim());
            }
        }
        return apiKeys.delete(caller, ids).flatMap(deletions -> {
            List<UUID> deleted = new ArrayList<>();
            List<ExceptionlessViews.NotDeleted> missing = new ArrayList<>();
            for (ApiKeyService.Deletion deletion : deletions) {
                if (deletion.deleted() != null) {
                    deleted.add(deletion.deleted().id());
                }
                else {
                    missing.add(new ExceptionlessViews.NotDeleted(false, deletion.idOrKey(), 404));
                }
            }
            if (deleted.isEmpty()) {
                return Mono.error(ExceptionlessProblem.notFound("No tokens found."));
            }
            if (missing.isEmpty()) {
                return ExceptionlessResponses.json(HttpStatus.ACCEPTED, new ExceptionlessViews.Deletion(List.of(), null, null));
            }
            return ExceptionlessResponses.json(HttpStatus.BAD_REQUEST,
                    new ExceptionlessViews.Deletion(List.of(), deleted, missing));
        });
    }

    /** The requested scopes as a mask, {@code client} when none; an unknown name is a 422 on {@code scopes}. */
    private static int scopes(JsonNode body) {
        List<String> names = ExceptionlessRequests.strings(body, "scopes", ExceptionlessErrors.INVALID_SCOPE);
        int mask = 0;
        if (names != null) {
            for (String name : names) {
                Scope scope = Scope.fromWireName(name);
                if (scope == null) {
                    throw ExceptionlessProblem.invalid("scopes", ExceptionlessErrors.INVALID_SCOPE);
                }
                mask |= scope.bit();
            }
        }
        return mask == 0 ? Scope.CLIENT.bit() : mask;
    }
}
