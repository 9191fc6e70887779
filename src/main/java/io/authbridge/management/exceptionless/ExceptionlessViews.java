package io.authbridge.management.exceptionless;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.authbridge.authorization.RouteRequirements;
import io.authbridge.directory.Organization;
import io.authbridge.directory.Project;
import io.authbridge.management.audit.AuditLog;
import io.authbridge.management.directory.DirectoryService.ProjectWithOrganization;
import io.authbridge.management.directory.UserService.Member;
import io.authbridge.management.explain.ExplainService;
import io.authbridge.management.explain.Verdict;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.StoredToken;
import org.springframework.cloud.gateway.route.Route;
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
    record TokenView(String id, UUID organizationId, UUID projectId, UUID userId, List<String> scopes, String name,
            List<String> permissions, Instant expiresUtc, String notes, boolean isDisabled, Instant createdUtc,
            Instant updatedUtc, Instant lastUsedUtc) {

        static TokenView of(StoredToken token) {
            return of(token, token.id().toString());
        }

        static TokenView of(StoredToken token, String id) {
            // a token minted through the SignalWire dialect has a name and permissions: one list shows both kinds
            return new TokenView(id, token.organizationId(), token.projectId(), token.userId(),
                    Scope.names(token.scopes() == 0 ? Scope.CLIENT.bit() : token.scopes()), token.name(),
                    token.permissions() == 0 ? null : Permission.names(token.permissions()), token.expiresUtc(),
                    token.notes(), token.effectivelyDisabled(), token.createdUtc(), token.updatedUtc(), token.lastUsedUtc());
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
     * One configured route ({@code GET /api/v2/admin/routes}); with {@code ?token_id=}, whether that token may
     * call it. The upstream {@code uri} is shown to global administrators only.
     */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RouteView(String id, int order, String predicate, List<String> paths, boolean isPublic, String dialect,
            List<AuthorizeView> authorize, String uri, String decision, Integer status, List<Verdict.Reason> reasons) {

        static RouteView of(ExplainService.RouteEntry entry) {
            Route route = entry.route();
            Verdict verdict = entry.verdict();
            return new RouteView(route.getId(), route.getOrder(), route.getPredicate().toString(), entry.paths(),
                    entry.isPublic(), entry.dialect().name().toLowerCase(Locale.ROOT),
                    entry.requirements().stream().map(AuthorizeView::of).toList(),
                    entry.showUpstream() ? route.getUri().toString() : null,
                    verdict == null ? null : verdict.allowed() ? "allow" : "deny",
                    verdict == null ? null : verdict.status(), verdict == null ? null : verdict.reasons());
        }
    }

    /** What one {@code Authorize} filter requires; empty lists are left out. */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record AuthorizeView(List<String> scopes, List<String> permissions, List<String> anyPermissions,
            String projectVariable) {

        static AuthorizeView of(RouteRequirements requirements) {
            return new AuthorizeView(requirements.scopeNames(), requirements.permissionNames(),
                    requirements.anyPermissionNames(), requirements.projectVariable());
        }
    }

    /** {@code POST /api/v2/admin/explain}: the route is absent for {@code no_route}, the status when allowed. */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ExplainView(UUID tokenId, String method, String path, String route, String decision, Integer status,
            List<Verdict.Reason> reasons) {

        static ExplainView of(ExplainService.Explanation explanation) {
            return new ExplainView(explanation.tokenId(), explanation.method(), explanation.target().toString(),
                    explanation.routeId(), explanation.decision().name().toLowerCase(Locale.ROOT), explanation.status(),
                    explanation.reasons());
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
