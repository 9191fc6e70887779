package io.authbridge.management.access;

import java.util.List;

import static io.authbridge.management.access.Requirement.GLOBAL_ADMIN;
import static io.authbridge.management.access.Requirement.LOGIN;
import static io.authbridge.management.access.Requirement.MANAGEMENT;
import static io.authbridge.management.access.Requirement.USER;

/**
 * Every management operation and what its caller must be, checked in the order listed (the first unmet one
 * is the refusal). This table is the whole of who may call what; which records a caller then sees is
 * {@link Access}'s visibility.
 */
public enum Operation {

    // sessions
    LOGOUT(LOGIN),

    // the directory (Exceptionless dialect)
    LIST_ORGANIZATIONS(USER),
    // only a user's session creates organizations and projects, never an API key (SPEC section 10)
    CREATE_ORGANIZATION(USER, LOGIN),
    ADD_MEMBER(LOGIN),
    LIST_PROJECTS(USER),
    READ_PROJECT(USER),
    CREATE_PROJECT(USER, LOGIN),
    READ_CURRENT_USER(LOGIN),
    LIST_USERS(GLOBAL_ADMIN),
    CREATE_USER(GLOBAL_ADMIN),
    READ_AUDIT_LOG(GLOBAL_ADMIN),
    // bringing the tokens of another deployment: secrets of every project at once
    IMPORT_TOKENS(GLOBAL_ADMIN),

    // Exceptionless API keys: a user's session manages them, never another key
    LIST_API_KEYS(LOGIN),
    CREATE_API_KEY(LOGIN),
    UPDATE_API_KEY(LOGIN),
    DELETE_API_KEY(LOGIN),

    // what a token may call: global administrators any token, the members of an organization its projects' tokens;
    // a user's session, as every administrator operation, never an API key whatever its scopes
    LIST_ROUTES(LOGIN),
    EXPLAIN(LOGIN),

    // SignalWire: a project credential given management (or a user's session in Basic) manages its project tree
    LIST_PROJECT_TOKENS(MANAGEMENT),
    CREATE_PROJECT_TOKEN(MANAGEMENT),
    UPDATE_PROJECT_TOKEN(MANAGEMENT),
    DELETE_PROJECT_TOKEN(MANAGEMENT),
    LIST_SUBPROJECTS(MANAGEMENT),
    CREATE_SUBPROJECT(MANAGEMENT);

    private final List<Requirement> requirements;

    Operation(Requirement... requirements) {
        this.requirements = List.of(requirements);
    }

    public List<Requirement> requirements() {
        return requirements;
    }
}
