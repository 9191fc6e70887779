package io.authbridge.management.exceptionless;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.authbridge.Uuids;
import io.authbridge.management.Caller;
import io.authbridge.management.audit.AuditLog;
import io.authbridge.management.directory.UserService;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Users and the audit log, for global administrators, in the Exceptionless dialect. */
final class ExceptionlessUserHandler {

    private final UserService users;

    private final AuditLog audit;

    ExceptionlessUserHandler(UserService users, AuditLog audit) {
        this.users = users;
        this.audit = audit;
    }

    Mono<ServerResponse> listUsers(ServerRequest request, Caller caller) {
        return ExceptionlessResponses.list(users.listUsers(caller).map(ExceptionlessViews.UserView::of));
    }

    /** {@code GET /api/v2/users/me}: the signed-in user; its roles tell a global administrator. */
    Mono<ServerResponse> currentUser(ServerRequest request, Caller caller) {
        return users.currentUser(caller)
            .flatMap(member -> ExceptionlessResponses.json(HttpStatus.OK, ExceptionlessViews.UserView.of(member)));
    }

    /** {@code POST /api/v2/users}: a user, optionally an administrator, in existing organizations. */
    Mono<ServerResponse> createUser(ServerRequest request, Caller caller, JsonNode body) {
        String email = ExceptionlessRequests.boundedText(body, "email_address", "EmailAddress", 320);
        String password = ExceptionlessRequests.password(body, false);
        String fullName = ExceptionlessRequests.text(body, "full_name");
        Boolean admin = ExceptionlessRequests.bool(body, "is_global_admin");
        List<UUID> organizations = organizationIds(body);
        return users.createUser(caller, email, password, fullName, Boolean.TRUE.equals(admin), organizations)
            .flatMap(member -> ExceptionlessResponses.json(HttpStatus.CREATED, ExceptionlessViews.UserView.of(member)));
    }

    /** {@code GET /api/v2/admin/audit-log?page=&limit=}: newest first. */
    Mono<ServerResponse> auditLog(ServerRequest request, Caller caller) {
        int limit = ExceptionlessRequests.intParam(request, "limit", 50, 1, 1000);
        int page = ExceptionlessRequests.intParam(request, "page", 1, 1, 100_000);
        return ExceptionlessResponses.list(audit.read(caller, limit, (long) (page - 1) * limit)
            .map(ExceptionlessViews.AuditEntryView::of));
    }

    /** The distinct organization ids of the body, in order. */
    private static List<UUID> organizationIds(JsonNode body) {
        List<String> ids = ExceptionlessRequests.strings(body, "organization_ids", ExceptionlessErrors.INVALID_ORGANIZATION_IDS);
        List<UUID> parsed = new ArrayList<>();
        if (ids != null) {
            for (String id : ids) {
                UUID uuid = Uuids.parse(id);
                if (uuid == null) {
                    throw ExceptionlessProblem.invalid("organization_ids", ExceptionlessErrors.INVALID_ORGANIZATION_IDS);
                }
                if (!parsed.contains(uuid)) {
                    parsed.add(uuid);
                }
            }
        }
        return parsed;
    }
}
