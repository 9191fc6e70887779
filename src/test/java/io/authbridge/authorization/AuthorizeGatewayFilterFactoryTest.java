package io.authbridge.authorization;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.authbridge.authentication.ProjectAccess;
import io.authbridge.authorization.FilterTestSupport.RecordingChain;
import io.authbridge.error.ErrorDialect;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.server.MockServerWebExchange;

import static io.authbridge.authorization.FilterTestSupport.authenticate;
import static io.authbridge.authorization.FilterTestSupport.exchange;
import static io.authbridge.authorization.FilterTestSupport.principal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AuthorizeGatewayFilterFactoryTest {

    private final AuthorizeGatewayFilterFactory factory = new AuthorizeGatewayFilterFactory(FilterTestSupport.ERRORS,
            new AccessRules(new ProjectAccess(FilterTestSupport.emptyProjects())));

    private GatewayFilter filter(String scopes, String permissions, String anyPermissions, String projectVariable) {
        AuthorizeGatewayFilterFactory.Config config = new AuthorizeGatewayFilterFactory.Config();
        config.setScopes(scopes == null ? null : List.of(scopes));
        config.setPermissions(permissions == null ? null : List.of(permissions));
        config.setAnyPermissions(anyPermissions == null ? null : List.of(anyPermissions));
        config.setProjectVariable(projectVariable);
        return factory.apply(config);
    }

    @Test
    void requestWithoutPrincipalIs401WithChallenges() {
        MockServerWebExchange exchange = exchange("/x", ErrorDialect.EXCEPTIONLESS);
        RecordingChain chain = new RecordingChain();

        filter("client", null, null, null).filter(exchange, chain).block();

        assertThat(chain.passed.get()).isNull();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(exchange.getResponse().getHeaders().get("WWW-Authenticate"))
            .containsExactly("Basic realm=\"authbridge\"", "Bearer realm=\"authbridge\"");
    }

    @Test
    void missingScopeIs403InExceptionlessWithTheProblemBody() {
        MockServerWebExchange exchange = exchange("/x?access_token=s", ErrorDialect.EXCEPTIONLESS);
        authenticate(exchange, principal(UUID.randomUUID(), Scope.CLIENT.bit(), 0), null);

        filter("user", null, null, null).filter(exchange, new RecordingChain()).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(exchange.getResponse().getBodyAsString().block())
            .isEqualTo("{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.4\",\"title\":\"Forbidden\","
                    + "\"status\":403,\"instance\":\"GET /x\"}");
    }

    @Test
    void missingPermissionIs401InSignalWire() {
        MockServerWebExchange exchange = exchange("/x", ErrorDialect.SIGNALWIRE);
        authenticate(exchange, principal(UUID.randomUUID(), Scope.CLIENT.bit(), Permission.MESSAGING.bit()), null);

        filter(null, "messaging,fax", null, null).filter(exchange, new RecordingChain()).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"error\":\"Unauthorized\"}");
    }

    @Test
    void anyPermissionNeedsOnlyOne() {
        MockServerWebExchange exchange = exchange("/x", ErrorDialect.SIGNALWIRE);
        authenticate(exchange, principal(UUID.randomUUID(), Scope.CLIENT.bit(), Permission.VIDEO.bit()), null);
        RecordingChain chain = new RecordingChain();

        filter(null, null, "calling, video", null).filter(exchange, chain).block();

        assertThat(chain.passed.get()).isSameAs(exchange);
    }

    @Test
    void userScopeHoldsEveryPermission() {
        MockServerWebExchange exchange = exchange("/x", ErrorDialect.SIGNALWIRE);
        authenticate(exchange, principal(UUID.randomUUID(), Scope.USER.bit(), 0), null);
        RecordingChain chain = new RecordingChain();

        filter("client", "management,storage", "fax", null).filter(exchange, chain).block();

        assertThat(chain.passed.get()).isSameAs(exchange);
    }

    @Test
    void projectVariableMustNameTheCallersProject() {
        UUID project = UUID.randomUUID();
        GatewayFilter filter = filter(null, null, null, "project");

        MockServerWebExchange own = exchange("/a", ErrorDialect.LAML);
        authenticate(own, principal(project, Scope.CLIENT.bit(), 0), null);
        ServerWebExchangeUtils.putUriTemplateVariables(own, Map.of("project", project.toString().toUpperCase()));
        RecordingChain chain = new RecordingChain();
        filter.filter(own, chain).block();
        assertThat(chain.passed.get()).isSameAs(own);

        MockServerWebExchange other = exchange("/a", ErrorDialect.LAML);
        authenticate(other, principal(project, Scope.CLIENT.bit(), 0), null);
        ServerWebExchangeUtils.putUriTemplateVariables(other, Map.of("project", UUID.randomUUID().toString()));
        filter.filter(other, new RecordingChain()).block();
        assertThat(other.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(other.getResponse().getBodyAsString().block()).contains("\"code\":20003");
    }

    @Test
    void unknownScopeOrPermissionFailsWhenTheRouteIsBuilt() {
        assertThatIllegalArgumentException().isThrownBy(() -> filter("admin", null, null, null))
            .withMessageContaining("unknown scope 'admin'");
        assertThatIllegalArgumentException().isThrownBy(() -> filter(null, "Calling", null, null))
            .withMessageContaining("unknown permission 'Calling'");
    }

    @Test
    void filterDescribesItsConfiguration() {
        assertThat(filter("client", "calling", "fax,video", "project").toString())
            .contains("scopes", "client", "calling", "fax", "video", "project");
    }
}
