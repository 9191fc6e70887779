package io.authbridge.authorization;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import io.authbridge.authorization.FilterTestSupport.RecordingChain;
import io.authbridge.credential.Credential;
import io.authbridge.error.ErrorDialect;
import io.authbridge.token.Scope;
import io.authbridge.upstream.UpstreamAuthorization;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static io.authbridge.authorization.FilterTestSupport.authenticate;
import static io.authbridge.authorization.FilterTestSupport.principal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class UpstreamAuthGatewayFilterFactoryTest {

    private static final String SECRET = "PTsecretsecretsecretsecretsecretsecretsecretsec";

    private final UpstreamAuthGatewayFilterFactory factory = new UpstreamAuthGatewayFilterFactory(FilterTestSupport.ERRORS,
            FilterTestSupport.ASSERTIONS);

    private GatewayFilter filter(String mode, String scheme, String username, String password, String token) {
        UpstreamAuthGatewayFilterFactory.Config config = new UpstreamAuthGatewayFilterFactory.Config();
        config.setMode(mode);
        config.setScheme(scheme);
        config.setUsername(username);
        config.setPassword(password);
        config.setToken(token);
        return factory.apply(config);
    }

    /**
     * The Authorization header the upstream would receive after the filter, for a caller of {@code project}:
     * the filter's decision, or the client's header when it decided nothing. The request passed on is the
     * client's own in every mode, so that it stays on the routing filter's one pass.
     */
    private String forwardedAuthorization(GatewayFilter filter, UUID project) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x")
            .header("Authorization", "Bearer " + SECRET));
        exchange.getAttributes().put(io.authbridge.AuthBridge.DIALECT_ATTRIBUTE, ErrorDialect.SIGNALWIRE);
        authenticate(exchange, principal(project, Scope.CLIENT.bit(), 0),
                new Credential(SECRET, null, Credential.Form.BEARER, null));
        RecordingChain chain = new RecordingChain();
        filter.filter(exchange, chain).block();
        ServerWebExchange passed = chain.passed.get();
        assertThat(passed).as("exchange passed on").isNotNull();
        assertThat(passed.getRequest()).as("request passed on").isSameAs(exchange.getRequest());
        UpstreamAuthorization decision = UpstreamAuthorization.of(passed);
        if (decision == null) {
            return passed.getRequest().getHeaders().getFirst("Authorization");
        }
        assertThat(decision.name().toString()).isEqualTo("Authorization");
        return decision.value() == null ? null : decision.value().toString();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachModeSendsItsCredentialUpstream() {
        UUID project = UUID.randomUUID();
        assertThat(forwardedAuthorization(filter(null, null, null, null, null), project)).isEqualTo("Bearer " + SECRET);
        assertThat(forwardedAuthorization(filter("preserve", null, null, null, null), project))
            .isEqualTo("Bearer " + SECRET);
        assertThat(forwardedAuthorization(filter("BEARER", null, null, null, null), project)).isEqualTo("Bearer " + SECRET);
        assertThat(forwardedAuthorization(filter("basic", null, null, null, null), project))
            .isEqualTo(basic(project.toString(), SECRET));
        assertThat(forwardedAuthorization(filter("none", null, null, null, null), project)).isNull();
        assertThat(forwardedAuthorization(filter("static", "basic", "svc", "pw", null), project))
            .isEqualTo(basic("svc", "pw"));
        assertThat(forwardedAuthorization(filter("static", "Bearer", null, null, "svc-token"), project))
            .isEqualTo("Bearer svc-token");
    }

    @Test
    void basicModeForACallerWithoutProjectIsForbidden() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x"));
        exchange.getAttributes().put(io.authbridge.AuthBridge.DIALECT_ATTRIBUTE, ErrorDialect.EXCEPTIONLESS);
        authenticate(exchange, principal(null, Scope.USER.bit(), 0),
                new Credential(SECRET, null, Credential.Form.BEARER, null));
        RecordingChain chain = new RecordingChain();

        filter("basic", null, null, null, null).filter(exchange, chain).block();

        assertThat(chain.passed.get()).isNull();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void invalidConfigurationFailsWhenTheRouteIsBuilt() {
        assertThatIllegalArgumentException().isThrownBy(() -> filter("rewrite", null, null, null, null))
            .withMessageContaining("unknown mode 'rewrite'");
        assertThatIllegalArgumentException().isThrownBy(() -> filter("static", null, null, null, null))
            .withMessageContaining("scheme");
        assertThatIllegalArgumentException().isThrownBy(() -> filter("static", "basic", "svc", null, null))
            .withMessageContaining("'password' is required");
        assertThatIllegalArgumentException().isThrownBy(() -> filter("static", "basic", "a:b", "pw", null))
            .withMessageContaining("must not contain ':'");
        assertThatIllegalArgumentException().isThrownBy(() -> filter("static", "bearer", null, null, ""))
            .withMessageContaining("'token' is required");
    }

    private GatewayFilter jwtFilter(String routeId, String audience, String ttl, String header) {
        UpstreamAuthGatewayFilterFactory.Config config = new UpstreamAuthGatewayFilterFactory.Config();
        config.setRouteId(routeId);
        config.setMode("jwt");
        config.setAudience(audience);
        config.setTtl(ttl);
        config.setHeader(header);
        return factory.apply(config);
    }

    /** The request headers the chain saw after the filter, for a caller of {@code project} who sent Bearer. */
    private static org.springframework.http.HttpHeaders forwardedHeaders(GatewayFilter filter, UUID project,
            String clientHeader, String clientValue) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/x").header("Authorization",
                "Bearer " + SECRET);
        if (clientHeader != null) {
            request.header(clientHeader, clientValue);
        }
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        exchange.getAttributes().put(io.authbridge.AuthBridge.DIALECT_ATTRIBUTE, ErrorDialect.SIGNALWIRE);
        if (project != null) {
            authenticate(exchange, principal(project, Scope.CLIENT.bit(), 0),
                    new Credential(SECRET, null, Credential.Form.BEARER, null));
        }
        RecordingChain chain = new RecordingChain();
        filter.filter(exchange, chain).block();
        ServerWebExchange passed = chain.passed.get();
        assertThat(passed.getRequest()).as("request passed on").isSameAs(exchange.getRequest());
        org.springframework.http.HttpHeaders upstream = new org.springframework.http.HttpHeaders();
        upstream.putAll(passed.getRequest().getHeaders());
        UpstreamAuthorization decision = UpstreamAuthorization.of(passed);
        if (decision != null) {
            decision.writeInto(upstream);
        }
        return upstream;
    }

    private static com.nimbusds.jwt.JWTClaimsSet claims(String jwt) throws Exception {
        return com.nimbusds.jwt.SignedJWT.parse(jwt).getJWTClaimsSet();
    }

    @Test
    void jwtModeSendsASignedAssertionForTheRouteInsteadOfTheCallersToken() throws Exception {
        UUID project = UUID.randomUUID();

        String authorization = forwardedHeaders(jwtFilter("calls", null, null, null), project, null, null)
            .getFirst("Authorization");

        assertThat(authorization).startsWith("Bearer ey").doesNotContain(SECRET);
        com.nimbusds.jwt.JWTClaimsSet claims = claims(authorization.substring("Bearer ".length()));
        assertThat(claims.getAudience()).containsExactly("calls");
        assertThat(claims.getIssuer()).isEqualTo("https://gateway.test");
        assertThat(claims.getStringClaim("project")).isEqualTo(project.toString());
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(60_000);
    }

    @Test
    void jwtModeWithAHeaderSendsTheBareAssertionThereAndNoAuthorization() throws Exception {
        org.springframework.http.HttpHeaders headers = forwardedHeaders(
                jwtFilter("calls", "https://calls.internal", "5m", "X-Identity-Assertion"), UUID.randomUUID(),
                "x-identity-assertion", "forged");

        assertThat(headers.get("X-Identity-Assertion")).hasSize(1);
        com.nimbusds.jwt.JWTClaimsSet claims = claims(headers.getFirst("X-Identity-Assertion"));
        assertThat(claims.getAudience()).containsExactly("https://calls.internal");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(300_000);
        assertThat(headers.getFirst("Authorization")).isNull();
    }

    @Test
    void jwtModeSendsNoAssertionAndNoClientValueForAnAnonymousCaller() {
        org.springframework.http.HttpHeaders headers = forwardedHeaders(jwtFilter("public", null, null, "X-Assertion"),
                null, "X-Assertion", "forged");

        assertThat(headers.getFirst("X-Assertion")).isNull();
        assertThat(headers.getFirst("Authorization")).isNull();
    }

    @Test
    void misplacedOrInvalidJwtArgumentsFailWhenTheRouteIsBuilt() {
        UpstreamAuthGatewayFilterFactory.Config staticOnJwt = new UpstreamAuthGatewayFilterFactory.Config();
        staticOnJwt.setRouteId("r");
        staticOnJwt.setMode("jwt");
        staticOnJwt.setScheme("bearer");
        assertThatIllegalArgumentException().isThrownBy(() -> factory.apply(staticOnJwt))
            .withMessageContaining("unknown argument 'scheme'");
        UpstreamAuthGatewayFilterFactory.Config audienceOnBearer = new UpstreamAuthGatewayFilterFactory.Config();
        audienceOnBearer.setMode("bearer");
        audienceOnBearer.setAudience("x");
        assertThatIllegalArgumentException().isThrownBy(() -> factory.apply(audienceOnBearer))
            .withMessageContaining("'audience' belongs to mode jwt");
        assertThatIllegalArgumentException().isThrownBy(() -> jwtFilter("r", null, "soon", null))
            .withMessageContaining("ttl 'soon' is not a duration");
        assertThatIllegalArgumentException().isThrownBy(() -> jwtFilter("r", null, "1s", null))
            .withMessageContaining("ttl must be whole seconds from 2s");
        assertThatIllegalArgumentException().isThrownBy(() -> jwtFilter("r", null, "1500ms", null))
            .withMessageContaining("ttl must be whole seconds");
        assertThatIllegalArgumentException().isThrownBy(() -> jwtFilter("r", null, null, "X Bad"))
            .withMessageContaining("is not a header name");
    }

    @Test
    void descriptionsNeverShowTheServiceSecret() {
        UpstreamAuthGatewayFilterFactory.Config config = new UpstreamAuthGatewayFilterFactory.Config();
        config.setMode("static");
        config.setScheme("basic");
        config.setUsername("svc");
        config.setPassword("very-secret-password");

        assertThat(factory.apply(config).toString()).contains("STATIC basic").doesNotContain("very-secret-password");
        assertThat(config.toString()).doesNotContain("very-secret-password");
    }
}
