package io.authbridge.management.explain;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.authbridge.Uuids;
import io.authbridge.authentication.Rejection;
import io.authbridge.authorization.Decision;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Whether a token may call a route and, if not, each reason, in words an administrator reads and codes a
 * script tests ({@code missing_scope}, {@code missing_permission}, {@code missing_any_permission},
 * {@code other_project}, {@code no_project}, {@code disabled}, {@code expired}, {@code user_inactive}).
 *
 * @param allowed whether the request would reach the upstream
 * @param status the status the client would get instead, in the route's dialect; null when allowed
 * @param reasons why not; empty when allowed
 */
public record Verdict(boolean allowed, Integer status, List<Reason> reasons) {

    /**
     * One reason a request is refused.
     *
     * @param code stable snake_case code
     * @param message the reason in a sentence
     * @param missing the scopes or permissions concerned, when the reason is about them
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Reason(String code, String message, List<String> missing) {
    }

    static Reason of(Rejection rejection) {
        return new Reason(rejection.code(), rejection.message(), List.of());
    }

    /** The reasons of a decision; {@code pathProject} is the path's project value, for the message. */
    static List<Reason> reasons(Decision decision, String pathProject) {
        List<Reason> reasons = new ArrayList<>();
        if (decision.missingScopes() != 0) {
            List<String> names = Scope.names(decision.missingScopes());
            reasons.add(new Reason("missing_scope", "The route requires the scope " + String.join(", ", names)
                    + ", which the token lacks.", names));
        }
        if (decision.missingPermissions() != 0) {
            List<String> names = Permission.names(decision.missingPermissions());
            reasons.add(new Reason("missing_permission", "The route requires the permission " + String.join(", ", names)
                    + ", which the token lacks.", names));
        }
        if (decision.missingAnyPermissions() != 0) {
            List<String> names = Permission.names(decision.missingAnyPermissions());
            reasons.add(new Reason("missing_any_permission", "The route requires one of the permissions "
                    + String.join(", ", names) + "; the token has none of them.", names));
        }
        if (decision.otherProject()) {
            reasons.add(new Reason("other_project", pathProject == null ? "The path names no project."
                    : Uuids.parse(pathProject) != null ? "The path names project " + pathProject + ", which the token may not act in."
                            : "The path's project is not a project id.", List.of()));
        }
        return reasons;
    }
}
