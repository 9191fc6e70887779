package io.authbridge.management.exceptionless;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.authbridge.directory.Organization;
import io.authbridge.directory.User;
import io.authbridge.management.AuditLog;
import io.authbridge.management.ManagementService.ProjectWithOrganization;
import io.authbridge.token.Scope;
import io.authbridge.token.StoredToken;

/**
 * Exceptionless's JSON views: snake_case, nulls omitted, dates as ISO-8601 UTC. Projects carry exactly the
 * fields of the Exceptionless docs, plus {@code parent_project_id} for subprojects.
 */
final class ExceptionlessViews {

    private ExceptionlessViews() {
    }

    /** The token view; {@code id} is the token itself right after creation, its public id afterwards. */
    static Map<String, Object> token(StoredToken token, String id) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        put(view, "organization_id", token.organizationId());
        put(view, "project_id", token.projectId());
        put(view, "user_id", token.userId());
        view.put("scopes", Scope.names(token.scopes() == 0 ? Scope.CLIENT.bit() : token.scopes()));
        put(view, "expires_utc", token.expiresUtc());
        put(view, "notes", token.notes());
        view.put("is_disabled", token.disabled());
        put(view, "created_utc", token.createdUtc());
        put(view, "updated_utc", token.updatedUtc());
        put(view, "last_used_utc", token.lastUsedUtc());
        return view;
    }

    static Map<String, Object> project(ProjectWithOrganization entry) {
        var project = entry.project();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", project.id().toString());
        put(view, "created_utc", project.createdUtc());
        view.put("organization_id", project.organizationId().toString());
        put(view, "organization_name", entry.organizationName());
        view.put("name", project.name());
        view.put("delete_bot_data_enabled", project.deleteBotDataEnabled());
        view.put("is_configured", true);
        view.put("stack_count", 0);
        view.put("event_count", 0);
        view.put("has_premium_features", false);
        view.put("has_slack_integration", false);
        put(view, "parent_project_id", project.parentProjectId());
        return view;
    }

    static Map<String, Object> organization(Organization organization) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", organization.id().toString());
        view.put("name", organization.name());
        put(view, "created_utc", organization.createdUtc());
        put(view, "updated_utc", organization.updatedUtc());
        return view;
    }

    static Map<String, Object> user(User user, java.util.List<java.util.UUID> organizationIds) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", user.id().toString());
        view.put("email_address", user.email());
        put(view, "full_name", user.fullName() == null || user.fullName().isEmpty() ? null : user.fullName());
        view.put("organization_ids", organizationIds.stream().map(Object::toString).toList());
        view.put("roles", user.globalAdmin() ? java.util.List.of("client", "user", "global") : java.util.List.of("client", "user"));
        view.put("is_active", user.active());
        put(view, "created_utc", user.createdUtc());
        return view;
    }

    static Map<String, Object> auditEntry(AuditLog.Entry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", entry.id());
        put(view, "occurred_utc", entry.occurredUtc());
        put(view, "actor_user_id", entry.actorUserId());
        put(view, "actor_token_id", entry.actorTokenId());
        view.put("action", entry.action());
        view.put("target_type", entry.targetType());
        put(view, "target_id", entry.targetId());
        put(view, "client_ip", entry.clientIp());
        put(view, "details", entry.details());
        return view;
    }

    private static void put(Map<String, Object> view, String name, Object value) {
        if (value != null) {
            view.put(name, value instanceof Instant || value instanceof java.util.UUID ? value.toString() : value);
        }
    }
}
