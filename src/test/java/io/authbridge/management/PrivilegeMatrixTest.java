package io.authbridge.management;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import io.authbridge.directory.Project;
import io.authbridge.e2e.GatewayTestSupport;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.NewToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.TokenChange;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of caller against every management write (and the administrators' reads) of both dialects, and
 * against every way to a token holding more than its maker (minting, in a subproject, re-permissioning, acting on
 * a token that holds more): exactly the documented callers get through, every other one is refused in the endpoint's dialect with
 * the documented status, and a refused request changes nothing (no audit entry, the target token still
 * works, the caller's own credential still works). Each cell gets a fresh target; a caller's credential is
 * made once per kind, and afresh where the call spends it (a logout).
 */
class PrivilegeMatrixTest extends GatewayTestSupport {

    /** Who calls. */
    enum Kind {
        ANONYMOUS("no credential"),
        MALFORMED("a malformed credential"),
        UNKNOWN("an unknown token"),
        DISABLED("a disabled user-scoped key"),
        EXPIRED("an expired user-scoped key"),
        REVOKED_LOGIN("a logged-out login token"),
        FOREIGN_BASIC_LOGIN("a user's login token as Basic of another organization's project"),
        CLIENT_KEY("a client key"),
        USER_KEY("a user-scoped project key"),
        USER_KEY_WITH_MANAGEMENT("a user-scoped project key given management and video"),
        GLOBAL_KEY("a global-scoped project key"),
        SIGNALWIRE_TOKEN("a SignalWire token without management"),
        SIGNALWIRE_MANAGER("a SignalWire token with management"),
        MANAGER_AS_BEARER("a SignalWire token with management, as Bearer"),
        SUBPROJECT_MANAGER("a subproject's token with management"),
        USER_LOGIN("the login token of a member of the organization"),
        OTHER_USER_LOGIN("the login token of another organization's member"),
        ADMIN_LOGIN("the login token of a global administrator");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /** The dialects' wire forms: what an answer looks like there. */
    enum Dialect {
        EXCEPTIONLESS, SIGNALWIRE
    }

    private static final Set<Kind> KEYS = EnumSet.of(Kind.CLIENT_KEY, Kind.USER_KEY, Kind.USER_KEY_WITH_MANAGEMENT,
            Kind.GLOBAL_KEY, Kind.SIGNALWIRE_TOKEN, Kind.SIGNALWIRE_MANAGER, Kind.MANAGER_AS_BEARER,
            Kind.SUBPROJECT_MANAGER);

    private static final Set<Kind> LOGINS = EnumSet.of(Kind.USER_LOGIN, Kind.OTHER_USER_LOGIN, Kind.ADMIN_LOGIN);

    /**
     * Who manages a project tree in SignalWire's model: the keys given management (whatever their scopes: a
     * {@code user} or {@code global} key without it is refused, as on the Exceptionless token endpoints) and users.
     */
    private static final Set<Kind> TREE_MANAGERS = EnumSet.of(Kind.USER_KEY_WITH_MANAGEMENT, Kind.SIGNALWIRE_MANAGER,
            Kind.USER_LOGIN, Kind.ADMIN_LOGIN);

    /** The keys that manage a tree holding management and video only: they grant nothing more. */
    private static final Set<Kind> VIDEO_MANAGERS = EnumSet.of(Kind.USER_KEY_WITH_MANAGEMENT, Kind.SIGNALWIRE_MANAGER,
            Kind.SUBPROJECT_MANAGER);

    /** One endpoint: how to call it in a fresh cell, who may, and what an allowed call did. */
    record Endpoint(String name, Dialect dialect, boolean write, Function<Cell, Reply> call,
            Map<Kind, Integer> expected, Consumer<Cell> effect, String code, Function<Project, IssuedToken> target) {
    }

    /**
     * The world of one cell: the caller's credential in each dialect's form, a fresh target token of the
     * project, and a user of no organization yet.
     */
    record Cell(Kind kind, String exceptionless, String signalWire, IssuedToken target, UUID newcomer) {
    }

    private World world;

    @TestFactory
    Stream<DynamicTest> everyCallerAgainstEveryManagementWrite() {
        world = new World();
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (Kind kind : Kind.values()) {
                int expected = endpoint.expected().get(kind);
                String outcome = expected < 300 ? "is allowed" : "is refused " + expected;
                tests.add(DynamicTest.dynamicTest(endpoint.name() + " by " + kind.description + " " + outcome,
                        () -> check(endpoint, kind, expected)));
            }
        }
        return tests.stream();
    }

    private void check(Endpoint endpoint, Kind kind, int expected) {
        Cell cell = world.cell(kind, endpoint);
        long auditBefore = world.newestAuditEntry();

        Reply reply = endpoint.call().apply(cell);

        String answer = reply.status() + " " + reply.text();
        if (expected < 300) {
            assertThat(reply.status().is2xxSuccessful()).as(answer).isTrue();
            long auditAfter = world.newestAuditEntry();
            assertThat(endpoint.write() ? auditAfter > auditBefore : auditAfter == auditBefore)
                .as("audit entries after an allowed " + (endpoint.write() ? "write" : "read")).isTrue();
            endpoint.effect().accept(cell);
            return;
        }
        assertThat(reply.status().value()).as(answer).isEqualTo(expected);
        if (endpoint.dialect() == Dialect.EXCEPTIONLESS) {
            assertThat(reply.contentType()).as(answer).isEqualTo(PROBLEM_JSON);
            assertThat(reply.json().get("status").asInt()).as(answer).isEqualTo(expected);
        }
        else {
            assertThat(reply.contentType()).as(answer).isEqualTo("application/json");
            if (expected == 401) {
                assertThat(reply.text()).isEqualTo("{\"error\":\"Unauthorized\"}");
            }
            else if (expected == 404) {
                assertThat(reply.text()).isEqualTo("{\"error\":\"Not Found\"}");
            }
            else {
                assertThat(reply.json().get("errors").get(0).get("type").asString()).isEqualTo("validation_error");
                if (endpoint.code() != null) {
                    assertThat(reply.json().get("errors").get(0).get("code").asString()).as(answer)
                        .isEqualTo(endpoint.code());
                }
            }
        }
        if (expected == 401) {
            assertThat(reply.headers().get("WWW-Authenticate")).as(answer)
                .containsExactlyInAnyOrder("Basic realm=\"authbridge\"", "Bearer realm=\"authbridge\"");
        }
        assertThat(world.newestAuditEntry()).as("audit entries after a refusal").isEqualTo(auditBefore);
        assertWorks(cell.target(), "the target token after a refusal");
        if (KEYS.contains(kind)) {
            assertThat(httpGet("/echo/caller", cell.exceptionless()).status()).as("the caller's key after a refusal")
                .isEqualTo(HttpStatus.OK);
        }
        if (LOGINS.contains(kind)) {
            assertThat(httpGet("/api/v2/projects", cell.exceptionless()).status())
                .as("the caller's session after a refusal").isEqualTo(HttpStatus.OK);
        }
    }

    private void assertWorks(IssuedToken token, String what) {
        assertWorks(token.secret(), what);
    }

    private void assertWorks(String secret, String what) {
        assertThat(httpGet("/echo/target", basic(world.project.id(), secret)).status()).as(what).isEqualTo(HttpStatus.OK);
    }

    private void assertRevoked(IssuedToken token, String what) {
        assertThat(httpGet("/echo/target", basic(world.project, token)).status()).as(what)
            .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    // ---------------------------------------------------------------- the table

    private List<Endpoint> endpoints() {
        String tokens = "/api/v2/projects/" + world.project.id() + "/tokens";
        return List.of(
                exceptionless("POST /api/v2/organizations", true,
                        cell -> httpPost("/api/v2/organizations", cell.exceptionless(), Map.of("name", "Matrix Org")))
                    .allow(LOGINS).refuse(403, KEYS).build(),
                exceptionless("POST /api/v2/projects", true, cell -> httpPost("/api/v2/projects", cell.exceptionless(),
                        Map.of("organization_id", world.project.organizationId().toString(), "name", "Matrix Project")))
                    .allow(Kind.USER_LOGIN, Kind.ADMIN_LOGIN).refuse(422, Kind.OTHER_USER_LOGIN).refuse(403, KEYS).build(),
                exceptionless("POST /api/v2/projects/{id}/tokens", true,
                        cell -> httpPost(tokens, cell.exceptionless(), Map.of("scopes", List.of("user"))))
                    .allow(Kind.USER_LOGIN, Kind.ADMIN_LOGIN).refuse(404, Kind.OTHER_USER_LOGIN).refuse(403, KEYS).build(),
                exceptionless("GET /api/v2/projects/{id}/tokens", false, cell -> httpGet(tokens, cell.exceptionless()))
                    .allow(Kind.USER_LOGIN, Kind.ADMIN_LOGIN).refuse(404, Kind.OTHER_USER_LOGIN).refuse(403, KEYS).build(),
                exceptionless("PATCH /api/v2/tokens/{id}", true, cell -> httpPatch("/api/v2/tokens/"
                        + cell.target().stored().id(), cell.exceptionless(), Map.of("is_disabled", true)))
                    .allow(Kind.USER_LOGIN, Kind.ADMIN_LOGIN).refuse(404, Kind.OTHER_USER_LOGIN).refuse(403, KEYS)
                    .effect(cell -> assertRevoked(cell.target(), "the disabled target")).build(),
                exceptionless("PUT /api/v2/tokens/{token}", true, cell -> send(client, HttpMethod.PUT, "/api/v2/tokens/"
                        + cell.target().secret(), cell.exceptionless(), "application/json", Map.of("notes", "put")))
                    .allow(Kind.USER_LOGIN, Kind.ADMIN_LOGIN).refuse(404, Kind.OTHER_USER_LOGIN).refuse(403, KEYS)
                    .effect(cell -> assertWorks(cell.target(), "the target with new notes")).build(),
                exceptionless("DELETE /api/v2/tokens/{ids}", true, cell -> httpDelete("/api/v2/tokens/"
                        + cell.target().stored().id(), cell.exceptionless()))
                    .allow(Kind.USER_LOGIN, Kind.ADMIN_LOGIN).refuse(404, Kind.OTHER_USER_LOGIN).refuse(403, KEYS)
                    .effect(cell -> assertRevoked(cell.target(), "the deleted target")).build(),
                exceptionless("POST /api/v2/organizations/{id}/users/{userId}", true, cell -> httpPost(
                        "/api/v2/organizations/" + world.project.organizationId() + "/users/" + cell.newcomer(),
                        cell.exceptionless(), null))
                    .allow(Kind.USER_LOGIN, Kind.ADMIN_LOGIN).refuse(404, Kind.OTHER_USER_LOGIN).refuse(403, KEYS).build(),
                exceptionless("POST /api/v2/users", true, cell -> httpPost("/api/v2/users", cell.exceptionless(),
                        Map.of("email_address", "matrix-" + UUID.randomUUID() + "@example.test", "password", "password-1",
                                "is_global_admin", true)))
                    .allow(Kind.ADMIN_LOGIN).refuse(403, Kind.USER_LOGIN, Kind.OTHER_USER_LOGIN).refuse(403, KEYS).build(),
                exceptionless("POST /api/v2/admin/tokens/import", true, cell -> send(client, HttpMethod.POST,
                        "/api/v2/admin/tokens/import", cell.exceptionless(), "application/x-ndjson",
                        "{\"token\":\"" + cell.target().secret() + "-imported\",\"project_id\":\"" + world.project.id()
                                + "\"}"))
                    .allow(Kind.ADMIN_LOGIN).refuse(403, Kind.USER_LOGIN, Kind.OTHER_USER_LOGIN).refuse(403, KEYS)
                    .effect(cell -> assertWorks(cell.target().secret() + "-imported", "the imported token")).build(),
                exceptionless("GET /api/v2/users", false, cell -> httpGet("/api/v2/users", cell.exceptionless()))
                    .allow(Kind.ADMIN_LOGIN).refuse(403, Kind.USER_LOGIN, Kind.OTHER_USER_LOGIN).refuse(403, KEYS).build(),
                exceptionless("GET /api/v2/admin/audit-log", false, cell -> httpGet("/api/v2/admin/audit-log?limit=1",
                        cell.exceptionless()))
                    .allow(Kind.ADMIN_LOGIN).refuse(403, Kind.USER_LOGIN, Kind.OTHER_USER_LOGIN).refuse(403, KEYS).build(),
                exceptionless("GET /api/v2/auth/logout", true, cell -> httpGet("/api/v2/auth/logout", cell.exceptionless()))
                    .allow(LOGINS).refuse(403, KEYS)
                    .effect(cell -> assertThat(httpGet("/api/v2/projects", cell.exceptionless()).status())
                        .as("the session after its logout").isEqualTo(HttpStatus.UNAUTHORIZED)).build(),
                signalWire("POST /api/project/tokens", true, cell -> httpPost("/api/project/tokens", cell.signalWire(),
                        Map.of("name", "matrix", "permissions", List.of("video"))))
                    .allow(TREE_MANAGERS).allow(Kind.SUBPROJECT_MANAGER).build(),
                signalWire("GET /api/project/tokens", false, cell -> httpGet("/api/project/tokens", cell.signalWire()))
                    .allow(TREE_MANAGERS).allow(Kind.SUBPROJECT_MANAGER).build(),
                signalWire("PATCH /api/project/tokens/{id}", true, cell -> httpPatch("/api/project/tokens/"
                        + cell.target().stored().id(), cell.signalWire(), Map.of("name", "renamed", "permissions",
                                List.of("video"))))
                    .allow(TREE_MANAGERS).refuse(404, Kind.SUBPROJECT_MANAGER)
                    .effect(cell -> assertWorks(cell.target(), "the renamed target")).build(),
                signalWire("DELETE /api/project/tokens/{id}", true, cell -> httpDelete("/api/project/tokens/"
                        + cell.target().stored().id(), cell.signalWire()))
                    .allow(TREE_MANAGERS).refuse(404, Kind.SUBPROJECT_MANAGER)
                    .effect(cell -> assertRevoked(cell.target(), "the deleted target")).build(),
                signalWire("POST /api/projects", true, cell -> httpPost("/api/projects", cell.signalWire(),
                        Map.of("name", "Matrix Sub")))
                    .allow(TREE_MANAGERS).refuse(422, Kind.SUBPROJECT_MANAGER).build(),
                signalWire("GET /api/projects", false, cell -> httpGet("/api/projects", cell.signalWire()))
                    .allow(TREE_MANAGERS).allow(Kind.SUBPROJECT_MANAGER).build(),
                signalWire("GET /api/projects/{id}", false, cell -> httpGet("/api/projects/" + world.subproject.id(),
                        cell.signalWire()))
                    .allow(TREE_MANAGERS).allow(Kind.SUBPROJECT_MANAGER).build(),
                // no way to a token with more than the caller holds: minting, in a subproject, re-permissioning
                signalWire("POST /api/project/tokens with every permission", true, cell -> httpPost("/api/project/tokens",
                        cell.signalWire(), Map.of("name", "matrix", "permissions", Permission.names(Permission.ALL))))
                    .allow(Kind.USER_LOGIN, Kind.ADMIN_LOGIN).refuse(422, VIDEO_MANAGERS)
                    .code("invalid_auth_token_permissions").build(),
                signalWire("POST /api/project/tokens with every permission in a subproject", true,
                        cell -> httpPost("/api/project/tokens", cell.signalWire(), Map.of("name", "matrix", "permissions",
                                Permission.names(Permission.ALL), "subproject_id", world.subproject.id().toString())))
                    .allow(Kind.USER_LOGIN, Kind.ADMIN_LOGIN).refuse(422, VIDEO_MANAGERS)
                    .code("invalid_auth_token_permissions").build(),
                signalWire("PATCH /api/project/tokens/{id} with every permission", true, cell -> httpPatch(
                        "/api/project/tokens/" + cell.target().stored().id(), cell.signalWire(),
                        Map.of("permissions", Permission.names(Permission.ALL))))
                    // the target is its parent project's: not found for the subproject's token, whatever the body asks
                    .allow(Kind.USER_LOGIN, Kind.ADMIN_LOGIN).refuse(404, Kind.SUBPROJECT_MANAGER).refuse(422, VIDEO_MANAGERS)
                    .code("invalid_auth_token_permissions")
                    .effect(cell -> assertWorks(cell.target(), "the re-permissioned target")).build(),
                // a token holding what the caller lacks is not one it manages: it does not exist for it
                signalWire("PATCH /api/project/tokens/{id} of a calling token", true, cell -> httpPatch(
                        "/api/project/tokens/" + cell.target().stored().id(), cell.signalWire(), Map.of("name", "mine")))
                    .allow(Kind.USER_LOGIN, Kind.ADMIN_LOGIN).refuse(404, VIDEO_MANAGERS)
                    .target(in -> permissionToken(in, Permission.CALLING))
                    .effect(cell -> assertWorks(cell.target(), "the renamed target")).build(),
                signalWire("DELETE /api/project/tokens/{id} of a calling token", true, cell -> httpDelete(
                        "/api/project/tokens/" + cell.target().stored().id(), cell.signalWire()))
                    .allow(Kind.USER_LOGIN, Kind.ADMIN_LOGIN).refuse(404, VIDEO_MANAGERS)
                    .target(in -> permissionToken(in, Permission.CALLING))
                    .effect(cell -> assertRevoked(cell.target(), "the deleted target")).build(),
                // what a token may call: users' sessions, as every administrator operation; never an API key
                exceptionless("GET /api/v2/admin/routes", false, cell -> httpGet("/api/v2/admin/routes",
                        cell.exceptionless()))
                    .allow(LOGINS).refuse(403, KEYS).build(),
                exceptionless("GET /api/v2/admin/routes?token_id=", false, cell -> httpGet("/api/v2/admin/routes?token_id="
                        + cell.target().stored().id(), cell.exceptionless()))
                    .allow(Kind.USER_LOGIN, Kind.ADMIN_LOGIN).refuse(404, Kind.OTHER_USER_LOGIN).refuse(403, KEYS).build(),
                exceptionless("POST /api/v2/admin/explain", false, cell -> httpPost("/api/v2/admin/explain",
                        cell.exceptionless(), Map.of("token_id", cell.target().stored().id().toString(), "method", "GET",
                                "path", "/echo/target")))
                    .allow(Kind.USER_LOGIN, Kind.ADMIN_LOGIN).refuse(404, Kind.OTHER_USER_LOGIN).refuse(403, KEYS).build());
    }

    private static Expectation exceptionless(String name, boolean write, Function<Cell, Reply> call) {
        return new Expectation(name, Dialect.EXCEPTIONLESS, write, call);
    }

    private static Expectation signalWire(String name, boolean write, Function<Cell, Reply> call) {
        return new Expectation(name, Dialect.SIGNALWIRE, write, call);
    }

    /** Who is allowed, who is refused how; every other caller is not authenticated (401). */
    private static final class Expectation {

        private final String name;

        private final Dialect dialect;

        private final boolean write;

        private final Function<Cell, Reply> call;

        private final Map<Kind, Integer> expected = new EnumMap<>(Kind.class);

        private Consumer<Cell> effect = cell -> {
        };

        private String code;

        private Function<Project, IssuedToken> target;

        Expectation(String name, Dialect dialect, boolean write, Function<Cell, Reply> call) {
            this.name = name;
            this.dialect = dialect;
            this.write = write;
            this.call = call;
        }

        Expectation allow(Kind... kinds) {
            return refuse(200, kinds);
        }

        Expectation allow(Set<Kind> kinds) {
            return allow(kinds.toArray(Kind[]::new));
        }

        Expectation refuse(int status, Set<Kind> kinds) {
            return refuse(status, kinds.toArray(Kind[]::new));
        }

        Expectation refuse(int status, Kind... kinds) {
            for (Kind kind : kinds) {
                expected.putIfAbsent(kind, status);
            }
            return this;
        }

        /** The SignalWire code of the dialect's 422 refusals. */
        Expectation code(String code) {
            this.code = code;
            return this;
        }

        /** The cell's target, made in the project; a client key without permissions when not given. */
        Expectation target(Function<Project, IssuedToken> target) {
            this.target = target;
            return this;
        }

        /** What an allowed call must have done, beyond an audit entry. */
        Expectation effect(Consumer<Cell> effect) {
            this.effect = effect;
            return this;
        }

        Endpoint build() {
            for (Kind kind : Kind.values()) {
                expected.putIfAbsent(kind, 401);
            }
            return new Endpoint(name, dialect, write, call, Map.copyOf(expected), effect, code, target);
        }
    }

    // ---------------------------------------------------------------- the world

    /** Two organizations with a member each, a subproject, and an administrator reading the audit log. */
    private final class World {

        final Tenant tenant = newTenant("Matrix");

        final Tenant other = newTenant("Matrix Other");

        final Project project = directory.findProject(tenant.projectId()).block();

        final Project subproject = newSubproject(project);

        final String admin = adminToken();

        long newestAuditEntry() {
            JsonNode newest = httpGet("/api/v2/admin/audit-log?limit=1", bearer(admin)).json();
            return newest.isEmpty() ? 0 : newest.get(0).get("id").asLong();
        }

        /** A user who belongs to no organization yet. */
        UUID newUser() {
            return createUser(admin, "matrix-member-" + UUID.randomUUID() + "@example.test", "password-1", false);
        }

        private final Map<Kind, Presented> credentials = new EnumMap<>(Kind.class);

        Cell cell(Kind kind, Endpoint endpoint) {
            IssuedToken target = endpoint.target() == null ? scopedToken(project, Scope.CLIENT)
                    : endpoint.target().apply(project);
            UUID newcomer = endpoint.name().contains("{userId}") ? newUser() : null;
            Presented credential = endpoint.name().contains("logout") ? credential(kind)
                    : credentials.computeIfAbsent(kind, this::credential);
            return new Cell(kind, credential.exceptionless(), credential.signalWire(), target, newcomer);
        }

        /** A fresh credential of the kind. */
        private Presented credential(Kind kind) {
            return switch (kind) {
                case ANONYMOUS -> new Presented(null, null);
                case MALFORMED -> new Presented("Basic !!!", "Basic !!!");
                case UNKNOWN -> presented(project, "U".repeat(40));
                case DISABLED -> {
                    IssuedToken key = scopedToken(project, Scope.USER);
                    tokens.update(key.stored().id(), TokenChange.disable(true)).block();
                    yield presented(project, key.secret());
                }
                case EXPIRED -> presented(project, issue(project, Scope.withImplied(Scope.USER.bit()), 0,
                        Instant.now().minusSeconds(60), NewToken.SecretStyle.EXCEPTIONLESS).secret());
                case REVOKED_LOGIN -> {
                    String login = login(tenant.email(), tenant.password());
                    assertThat(httpGet("/api/v2/auth/logout", bearer(login)).status()).isEqualTo(HttpStatus.OK);
                    yield presented(project, login);
                }
                case FOREIGN_BASIC_LOGIN -> {
                    String login = basic(other.projectId(), login(tenant.email(), tenant.password()));
                    yield new Presented(login, login);
                }
                case CLIENT_KEY -> presented(project, scopedToken(project, Scope.CLIENT).secret());
                case USER_KEY -> presented(project, scopedToken(project, Scope.USER).secret());
                case USER_KEY_WITH_MANAGEMENT -> presented(project, issue(project, Scope.withImplied(Scope.USER.bit()),
                        Permission.MANAGEMENT.bit() | Permission.VIDEO.bit(), null, NewToken.SecretStyle.EXCEPTIONLESS)
                    .secret());
                case GLOBAL_KEY -> presented(project, scopedToken(project, Scope.GLOBAL).secret());
                case SIGNALWIRE_TOKEN -> presented(project,
                        permissionToken(project, Permission.CALLING, Permission.MESSAGING).secret());
                case SIGNALWIRE_MANAGER -> presented(project,
                        permissionToken(project, Permission.MANAGEMENT, Permission.VIDEO).secret());
                case MANAGER_AS_BEARER -> {
                    String manager = bearer(permissionToken(project, Permission.MANAGEMENT, Permission.VIDEO).secret());
                    yield new Presented(manager, manager);
                }
                case SUBPROJECT_MANAGER -> presented(subproject,
                        permissionToken(subproject, Permission.MANAGEMENT, Permission.VIDEO).secret());
                case USER_LOGIN -> presented(project, login(tenant.email(), tenant.password()));
                case OTHER_USER_LOGIN -> presented(project, login(other.email(), other.password()));
                case ADMIN_LOGIN -> presented(project, adminToken());
            };
        }

        /** Bearer in the Exceptionless dialect, {@code Basic project_id:token} in SignalWire's. */
        private Presented presented(Project in, String token) {
            return new Presented(bearer(token), basic(in.id(), token));
        }
    }

    /** A credential as each dialect's clients send it. */
    private record Presented(String exceptionless, String signalWire) {
    }
}
