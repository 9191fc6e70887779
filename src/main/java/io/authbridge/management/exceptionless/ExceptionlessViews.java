package io.authbridge.management.exceptionless;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.authbridge.directory.Organization;
import io.authbridge.directory.Project;
import io.authbridge.management.audit.AuditLog;
import io.authbridge.management.directory.DirectoryService.ProjectWithOrganization;
import io.authbridge.management.directory.UserService.Member;
import io.authbridge.token.Scope;
import io.authbridge.token.StoredToken;
import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Exceptionless's JSON views, the contract of the dialect: snake_case, nulls omitted, dates as ISO-8601 UTC,
 * fields in the order listed. Projects carry exactly the fields of the Exceptionless docs, plus
 * {@code parent_project_id} for subprojects.
 */
final class ExceptionlessViews {

    private ExceptionlessViews() {
    }

    /** {@code POST /api/v2/auth/login}. */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Login(String token) {
    }

    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OrganizationView(UUID id, String name, Instant createdUtc, Instant updatedUtc) {

        static OrganizationView of(Organization organization) {
            return new OrganizationView(organization.id(), organization.name(), organization.createdUtc(),
                    organization.updatedUtc());
        }
    }

    /** A project; Exceptionless's counters and flags that AuthBridge does not keep have their neutral values. */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ProjectView(UUID id, Instant createdUtc, UUID organizationId, String organizationName, String name,
            boolean deleteBotDataEnabled, boolean isConfigured, int stackCount, int eventCount,
            boolean hasPremiumFeatures, boolean hasSlackIntegration, UUID parentProjectId) {

        static ProjectView of(ProjectWithOrganization entry) {
            Project project = entry.project();
            return new ProjectView(project.id(), project.createdUtc(), project.organizationId(), entry.organizationName(),
                    project.name(), project.deleteBotDataEnabled(), true, 0, 0, false, false, project.parentProjectId());
        }
    }

    /** An API key; {@code id} is the key itself right after creation, its public id afterwards. */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenView(String id, UUID organizationId, UUID projectId, UUID userId, List<String> scopes,
            Instant expiresUtc, String notes, boolean isDisabled, Instant createdUtc, Instant updatedUtc,
            Instant lastUsedUtc) {

        static TokenView of(StoredToken token) {
            return of(token, token.id().toString());
        }

        static TokenView of(StoredToken token, String id) {
            return new TokenView(id, token.organizationId(), token.projectId(), token.userId(),
                    Scope.names(token.scopes() == 0 ? Scope.CLIENT.bit() : token.scopes()), token.expiresUtc(),
                    token.notes(), token.disabled(), token.createdUtc(), token.updatedUtc(), token.lastUsedUtc());
        }
    }

    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UserView(UUID id, String emailAddress, String fullName, List<UUID> organizationIds, List<String> roles,
            boolean isActive, Instant createdUtc) {

        private static final List<String> USER = List.of("client", "user");

        private static final List<String> GLOBAL_ADMIN = List.of("client", "user", "global");

        static UserView of(Member member) {
            var user = member.user();
            return new UserView(user.id(), user.email(),
                    user.fullName() == null || user.fullName().isEmpty() ? null : user.fullName(),
                    member.organizationIds(), user.globalAdmin() ? GLOBAL_ADMIN : USER, user.active(), user.createdUtc());
        }
    }

    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AuditEntryView(long id, Instant occurredUtc, UUID actorUserId, UUID actorTokenId, String action,
            String targetType, String targetId, String clientIp, String details) {

        static AuditEntryView of(AuditLog.Entry entry) {
            return new AuditEntryView(entry.id(), entry.occurredUtc(), entry.actorUserId(), entry.actorTokenId(),
                    entry.action(), entry.targetType(), entry.targetId(), entry.clientIp(), entry.details());
        }
    }

    /**
     * The answer to {@code DELETE /api/v2/tokens/{ids}}: Exceptionless's work-in-progress shape, with
     * {@code success} and {@code failure} only when some of the keys were not found.
     */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Deletion(List<String> workers, List<UUID> success, List<NotDeleted> failure) {
    }

    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NotDeleted(boolean allowed, String id, int statusCode) {
    }
}
