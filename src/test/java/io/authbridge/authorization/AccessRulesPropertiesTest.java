package io.authbridge.authorization;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.authentication.ProjectAccess;
import io.authbridge.authorization.FilterTestSupport.RecordingChain;
import io.authbridge.error.ErrorDialect;
import io.authbridge.token.Permission;
import io.authbridge.token.ProjectCache;
import io.authbridge.token.ProjectRecord;
import io.authbridge.token.Scope;
import io.authbridge.token.TokenKind;
import io.authbridge.token.TokenRecord;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.server.MockServerWebExchange;

import static io.authbridge.authorization.FilterTestSupport.authenticate;
import static io.authbridge.authorization.FilterTestSupport.exchange;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * For every caller (project keys, login tokens of members, outsiders and global administrators, anonymous)
 * and every combination of route requirements and path project: the {@code Authorize} filter lets the
 * request through exactly when {@link AccessRules} allows it, that is when the caller holds every required
 * scope and permission, one of the alternatives and the project of the path; and the decision names exactly
 * what is missing.
 */
class AccessRulesPropertiesTest {

    private static final UUID ORGANIZATION = UUID.randomUUID();

    private static final UUID OWN_PROJECT = UUID.randomUUID();

    /** A project of the same organization, which the store knows. */
    private static final UUID SIBLING_PROJECT = UUID.randomUUID();

    private static final UUID UNKNOWN_PROJECT = UUID.randomUUID();

    private final ProjectAccess projectAccess = new ProjectAccess(projects());

    private final AccessRules rules = new AccessRules(projectAccess);

    private final AuthorizeGatewayFilterFactory factory = new AuthorizeGatewayFilterFactory(FilterTestSupport.ERRORS,
            rules);

    enum Caller { PROJECT_KEY, MEMBER_LOGIN, OUTSIDER_LOGIN, GLOBAL_ADMIN_LOGIN, ANONYMOUS }

    @Property(tries = 3000)
    void theFilterPassesExactlyWhenTheRulesAllowAndTheyAllowExactlyWhatTheRouteDemands(@ForAll Caller caller,
            @ForAll("masks") int tokenScopes, @ForAll("permissions") int tokenPermissions,
            @ForAll("masks") int requiredScopes, @ForAll("permissions") int requiredPermissions,
            @ForAll("permissions") int anyPermissions, @ForAll("pathProjects") String pathProject,
            @ForAll ErrorDialect dialect) {
        AuthenticatedPrincipal principal = principal(caller, tokenScopes, tokenPermissions);
        String projectVariable = pathProject.equals("-") ? null : "project";
        RouteRequirements requirements = new RouteRequirements(requiredScopes, requiredPermissions, anyPermissions,
                projectVariable);

        Decision decision = rules.decide(principal, requirements, projectVariable == null ? null : pathProject).block();

        boolean expected = principal != null && principal.hasAllScopes(requiredScopes)
                && principal.hasAllPermissions(requiredPermissions)
                && (anyPermissions == 0 || principal.hasAnyPermission(anyPermissions))
                && (projectVariable == null || mayActIn(caller, pathProject));
        assertThat(decision.allowed()).as(decision.toString()).isEqualTo(expected);
        if (principal != null) {
            assertThat(decision.missingScopes()).isEqualTo(requiredScopes & ~principal.scopes());
            assertThat(decision.missingPermissions()).isEqualTo(requiredPermissions & ~principal.permissions());
        }
        Decision now = rules.decideNow(principal, requirements, projectVariable == null ? null : pathProject);
        if (now != null) {
            assertThat(now).isEqualTo(decision);
        }

        MockServerWebExchange exchange = exchange("/r", dialect);
        if (principal != null) {
            authenticate(exchange, principal, null);
        }
        if (projectVariable != null) {
            ServerWebExchangeUtils.putUriTemplateVariables(exchange, Map.of("project", pathProject));
        }
        RecordingChain chain = new RecordingChain();
        filter(requirements).filter(exchange, chain).block();
        assertThat(chain.passed.get() != null).isEqualTo(expected);
        if (!expected) {
            HttpStatus refused = principal == null || dialect != ErrorDialect.EXCEPTIONLESS ? HttpStatus.UNAUTHORIZED
                    : HttpStatus.FORBIDDEN;
            assertThat(exchange.getResponse().getStatusCode()).isEqualTo(refused);
        }
    }

    private GatewayFilter filter(RouteRequirements requirements) {
        AuthorizeGatewayFilterFactory.Config config = new AuthorizeGatewayFilterFactory.Config();
        config.setScopes(java.util.List.of(Scope.format(requirements.scopes())));
        config.setPermissions(java.util.List.of(Permission.format(requirements.permissions())));
        config.setAnyPermissions(java.util.List.of(Permission.format(requirements.anyPermissions())));
        config.setProjectVariable(requirements.projectVariable());
        GatewayFilter filter = factory.apply(config);
        assertThat(((AuthorizeGatewayFilterFactory.AuthorizeFilter) filter).requirements()).isEqualTo(requirements);
        return filter;
    }

    private static boolean mayActIn(Caller caller, String pathProject) {
        UUID project = parse(pathProject);
        return switch (caller) {
            case PROJECT_KEY -> OWN_PROJECT.equals(project);
            case MEMBER_LOGIN, GLOBAL_ADMIN_LOGIN -> OWN_PROJECT.equals(project) || SIBLING_PROJECT.equals(project);
            case OUTSIDER_LOGIN, ANONYMOUS -> false;
        };
    }

    private static UUID parse(String text) {
        try {
            return UUID.fromString(text);
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static AuthenticatedPrincipal principal(Caller caller, int scopes, int permissions) {
        return switch (caller) {
            case PROJECT_KEY -> {
                TokenRecord key = new TokenRecord(UUID.randomUUID(), TokenKind.ACCESS, ORGANIZATION, OWN_PROJECT, null,
                        Scope.withImplied(scopes), permissions, false, null, Set.of(), false, true);
                yield AuthenticatedPrincipal.of(key, OWN_PROJECT, ORGANIZATION);
            }
            case MEMBER_LOGIN -> AuthenticatedPrincipal.of(login(Set.of(ORGANIZATION), false), null, null);
            case OUTSIDER_LOGIN -> AuthenticatedPrincipal.of(login(Set.of(UUID.randomUUID()), false), null, null);
            case GLOBAL_ADMIN_LOGIN -> AuthenticatedPrincipal.of(login(Set.of(), true), null, null);
            case ANONYMOUS -> null;
        };
    }

    private static TokenRecord login(Set<UUID> organizations, boolean globalAdmin) {
        return new TokenRecord(UUID.randomUUID(), TokenKind.LOGIN, null, null, UUID.randomUUID(), 0, 0, false, null,
                organizations, globalAdmin, true);
    }

    @Provide
    Arbitrary<Integer> masks() {
        return Arbitraries.integers().between(0, 7);
    }

    @Provide
    Arbitrary<Integer> permissions() {
        return Arbitraries.integers().between(0, Permission.ALL);
    }

    /** "-" for a route without a project variable. */
    @Provide
    Arbitrary<String> pathProjects() {
        return Arbitraries.of("-", OWN_PROJECT.toString(), OWN_PROJECT.toString().toUpperCase(), SIBLING_PROJECT.toString(),
                UNKNOWN_PROJECT.toString(), "not-a-project", "");
    }

    /** A store that knows the two projects of the organization. */
    private static ProjectCache projects() {
        return FilterTestSupport.projects(Map.of(OWN_PROJECT, new ProjectRecord(OWN_PROJECT, ORGANIZATION, null),
                SIBLING_PROJECT, new ProjectRecord(SIBLING_PROJECT, ORGANIZATION, null)));
    }
}
