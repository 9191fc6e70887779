package io.authbridge.management;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.authbridge.directory.Project;
import io.authbridge.e2e.GatewayTestSupport;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caller who may not make a management write is refused the same way whatever body it sends: every write of both
 * dialects, every kind of caller it refuses, and bodies valid, empty, missing fields, of wrong types, broken, of another
 * content type and over the size limit all get the answer the valid body gets (status, body, challenge), so a refused
 * caller learns nothing of how the body would be read or validated. Refusals a body decides itself (an organization
 * or a token the body names) are not the caller's and not here.
 */
class ManagementWriteRefusalsTest extends GatewayTestSupport {

    /** Callers that some write refuses. */
    enum Kind {
        ANONYMOUS, UNKNOWN, CLIENT_KEY, USER_KEY, GLOBAL_KEY, SIGNALWIRE_TOKEN, SIGNALWIRE_MANAGER, SUBPROJECT_MANAGER,
        USER_LOGIN, OTHER_USER_LOGIN
    }

    private static final List<Kind> KEYS = List.of(Kind.CLIENT_KEY, Kind.USER_KEY, Kind.GLOBAL_KEY, Kind.SIGNALWIRE_TOKEN,
            Kind.SIGNALWIRE_MANAGER, Kind.SUBPROJECT_MANAGER);

    /** One write: how to call it with a body, its valid body, and each caller it refuses with the status it gets. */
    private record Write(String name, HttpMethod method, String uri, boolean signalWire, String contentType, String valid,
            Map<Kind, Integer> refused) {
    }

    /** The bodies every refused caller sends: the valid one first. */
    private static List<String[]> bodies(Write write) {
        List<String[]> bodies = new ArrayList<>();
        bodies.add(new String[] { write.contentType(), write.valid() });
        for (String text : List.of("{}", "{", "[]", "null", "\"text\"", "12", "{\"a\":", "{\"name\":{\"x\":[1,2]}}",
                "{\"name\":123,\"organization_id\":false,\"scopes\":\"user\",\"permissions\":7,\"email_address\":[],"
                        + "\"password\":1,\"is_disabled\":\"yes\",\"token_id\":3,\"path\":{}}",
                "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}", write.valid() + "x")) {
            bodies.add(new String[] { write.contentType(), text });
        }
        bodies.add(new String[] { "text/plain", write.valid() });
        bodies.add(new String[] { null, null });
        return bodies;
    }

    @Test
    void aRefusedCallerGetsTheSameRefusalWhateverBodyItSendsToEveryManagementWrite() {
        World world = new World();
        int compared = 0;
        for (Write write : world.writes()) {
            for (Map.Entry<Kind, Integer> refused : write.refused().entrySet()) {
                String authorization = world.credential(refused.getKey(), write.signalWire());
                Reply reference = null;
                for (String[] body : bodies(write)) {
                    Reply reply = send(client, write.method(), write.uri(), authorization, body[0], body[1]);
                    String description = write.name() + " by " + refused.getKey() + " with " + (body[1] == null ? "no body"
                            : body[0] + " " + body[1].substring(0, Math.min(80, body[1].length()))) + " -> " + reply.status()
                            + " " + reply.text();
                    assertThat(reply.status().value()).as(description).isEqualTo(refused.getValue());
                    if (reference == null) {
                        reference = reply;
                        continue;
                    }
                    assertThat(reply.text()).as(description).isEqualTo(reference.text());
                    assertThat(reply.headers().get("WWW-Authenticate")).as(description)
                        .isEqualTo(reference.headers().get("WWW-Authenticate"));
                    compared++;
                }
            }
        }
        assertThat(compared).as("refusals compared").isGreaterThan(900);
    }

    /** Two organizations with a member each, a project with a subproject, a token of each to act on. */
    private final class World {

        final Tenant tenant = newTenant("Refusals");

        final Tenant other = newTenant("Refusals Other");

        final Project project = directory.findProject(tenant.projectId()).block();

        final Project subproject = newSubproject(project);

        final IssuedToken target = scopedToken(project, Scope.CLIENT);

        private final Map<Kind, String> secrets = new EnumMap<>(Kind.class);

        List<Write> writes() {
            String organization = project.organizationId().toString();
            Function<Object[], Map<Kind, Integer>> refusals = pairs -> {
                Map<Kind, Integer> map = new EnumMap<>(Kind.class);
                for (int i = 0; i < pairs.length; i += 2) {
                    map.put((Kind) pairs[i], (Integer) pairs[i + 1]);
                }
                return map;
            };
            Map<Kind, Integer> keysAndAnonymous = refusals.apply(new Object[] { Kind.ANONYMOUS, 401, Kind.UNKNOWN, 401 });
            KEYS.forEach(kind -> keysAndAnonymous.put(kind, 403));
            Map<Kind, Integer> pathBound = new EnumMap<>(keysAndAnonymous);
            pathBound.put(Kind.OTHER_USER_LOGIN, 404);
            Map<Kind, Integer> administrators = new EnumMap<>(keysAndAnonymous);
            administrators.put(Kind.USER_LOGIN, 403);
            administrators.put(Kind.OTHER_USER_LOGIN, 403);
            Map<Kind, Integer> signalWire = refusals.apply(new Object[] { Kind.ANONYMOUS, 401, Kind.UNKNOWN, 401,
                    Kind.CLIENT_KEY, 401, Kind.USER_KEY, 401, Kind.GLOBAL_KEY, 401, Kind.SIGNALWIRE_TOKEN, 401,
                    Kind.OTHER_USER_LOGIN, 401 });
            Map<Kind, Integer> signalWireToken = new EnumMap<>(signalWire);
            signalWireToken.put(Kind.SUBPROJECT_MANAGER, 404);
            Map<Kind, Integer> signalWireTree = new EnumMap<>(signalWire);
            signalWireTree.put(Kind.SUBPROJECT_MANAGER, 422);
            String json = "application/json";
            return List.of(
                    new Write("POST /api/v2/organizations", HttpMethod.POST, "/api/v2/organizations", false, json,
                            "{\"name\":\"Refused Org\"}", keysAndAnonymous),
                    new Write("POST /api/v2/projects", HttpMethod.POST, "/api/v2/projects", false, json,
                            "{\"organization_id\":\"" + organization + "\",\"name\":\"Refused\"}", keysAndAnonymous),
                    new Write("POST /api/v2/projects/{id}/tokens", HttpMethod.POST, "/api/v2/projects/" + project.id()
                            + "/tokens", false, json, "{\"scopes\":[\"client\"]}", pathBound),
                    new Write("PATCH /api/v2/tokens/{id}", HttpMethod.PATCH, "/api/v2/tokens/" + target.stored().id(), false,
                            json, "{\"is_disabled\":false}", pathBound),
                    new Write("PUT /api/v2/tokens/{token}", HttpMethod.PUT, "/api/v2/tokens/" + target.secret(), false, json,
                            "{\"notes\":\"refused\"}", pathBound),
                    new Write("POST /api/v2/users", HttpMethod.POST, "/api/v2/users", false, json,
                            "{\"email_address\":\"refused@example.test\",\"password\":\"password-1\"}", administrators),
                    new Write("POST /api/v2/admin/tokens/import", HttpMethod.POST, "/api/v2/admin/tokens/import", false,
                            "application/x-ndjson", "{\"token\":\"" + "r".repeat(30) + "\",\"project_id\":\"" + project.id()
                                    + "\"}", administrators),
                    new Write("POST /api/v2/admin/explain", HttpMethod.POST, "/api/v2/admin/explain", false, json,
                            "{\"token_id\":\"" + target.stored().id() + "\",\"path\":\"/x\"}", keysAndAnonymous),
                    new Write("POST /api/project/tokens", HttpMethod.POST, "/api/project/tokens", true, json,
                            "{\"name\":\"refused\",\"permissions\":[\"video\"]}", signalWire),
                    new Write("PATCH /api/project/tokens/{id}", HttpMethod.PATCH, "/api/project/tokens/"
                            + target.stored().id(), true, json, "{\"name\":\"refused\"}", signalWireToken),
                    new Write("POST /api/projects", HttpMethod.POST, "/api/projects", true, json, "{\"name\":\"Refused\"}",
                            signalWireTree));
        }

        /** The caller's credential as the dialect's clients send it: Bearer, or Basic project_id:token. */
        String credential(Kind kind, boolean signalWire) {
            if (kind == Kind.ANONYMOUS) {
                return null;
            }
            String secret = secrets.computeIfAbsent(kind, this::secret);
            Project in = kind == Kind.SUBPROJECT_MANAGER ? subproject : project;
            return signalWire ? basic(in.id(), secret) : bearer(secret);
        }

        private String secret(Kind kind) {
            return switch (kind) {
                case ANONYMOUS -> null;
                case UNKNOWN -> "U".repeat(40);
                case CLIENT_KEY -> scopedToken(project, Scope.CLIENT).secret();
                case USER_KEY -> scopedToken(project, Scope.USER).secret();
                case GLOBAL_KEY -> scopedToken(project, Scope.GLOBAL).secret();
                case SIGNALWIRE_TOKEN -> permissionToken(project, Permission.CALLING, Permission.MESSAGING).secret();
                case SIGNALWIRE_MANAGER -> permissionToken(project, Permission.MANAGEMENT, Permission.VIDEO).secret();
                case SUBPROJECT_MANAGER -> permissionToken(subproject, Permission.MANAGEMENT, Permission.VIDEO).secret();
                case USER_LOGIN -> login(tenant.email(), tenant.password());
                case OTHER_USER_LOGIN -> login(other.email(), other.password());
            };
        }
    }
}
