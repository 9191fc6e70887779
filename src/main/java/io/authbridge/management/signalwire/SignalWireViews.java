package io.authbridge.management.signalwire;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Permission;
import io.authbridge.token.StoredToken;
import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/** SignalWire's JSON views, the contract of the dialect: snake_case, fields in the order listed. */
final class SignalWireViews {

    private SignalWireViews() {
    }

    /**
     * A token: {@code id}, {@code name}, {@code permissions} always; {@code token} (the secret) only in the
     * answer that created it; the project and times only in the listing SignalWire itself lacks.
     */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenView(UUID id, String name, List<String> permissions, String token, UUID projectId, Instant createdAt,
            Instant updatedAt, Instant lastUsedAt) {

        static TokenView of(StoredToken token) {
            return new TokenView(token.id(), token.name() == null ? "" : token.name(),
                    Permission.names(token.permissions()), null, null, null, null, null);
        }

        static TokenView created(IssuedToken issued) {
            TokenView view = of(issued.stored());
            return new TokenView(view.id(), view.name(), view.permissions(), issued.secret(), null, null, null, null);
        }

        static TokenView listed(StoredToken token) {
            TokenView view = of(token);
            return new TokenView(view.id(), view.name(), view.permissions(), null, token.projectId(), token.createdUtc(),
                    token.updatedUtc(), token.lastUsedUtc());
        }
    }

    /** A project of the caller's tree; a top-level one shows {@code "parent_project_id":null}, as SignalWire does. */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ProjectView(UUID id, String name, UUID parentProjectId, boolean subproject, Instant createdAt,
            Instant updatedAt) {

        static ProjectView of(Project project) {
            return new ProjectView(project.id(), project.name(), project.parentProjectId(), project.isSubproject(),
                    project.createdUtc(), project.updatedUtc());
        }
    }

    /** SignalWire's list envelope. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Page<T>(Links links, List<T> data) {
    }

    /** {@code self} and {@code first} always; {@code next} and {@code prev} where there is such a page. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Links(String self, String first, String next, String prev) {
    }
}
