package io.authbridge.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.authbridge.directory.Project;
import io.authbridge.e2e.GatewayTestSupport;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.adapter.HttpWebHandlerAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code UpstreamAuth} mode and every credential form stays on the routing filter's one pass (the
 * request is never replaced for AuthBridge's own decisions), has its URL built without the gateway's builder, and sends the upstream what the mode says; a
 * route filter of the user's that replaces the request takes the gateway's way, with the same result.
 */
class FastPathTest extends GatewayTestSupport {

    @Autowired
    private NettyRoutingFilter routing;

    @Autowired
    private HttpHandler server;

    @Autowired
    private RouteToRequestUrlFilter requestUrl;

    @Autowired
    private List<WebFilter> webFilterBeans;

    @Autowired
    private RouteLocator routeLocator;

    /** A credential form: the query it adds and the Authorization header it sends (null: none). */
    private record Form(String name, Function<IssuedToken, String> query, Function<IssuedToken, String> authorization) {
    }

    /** A route of gateway-test-routes.yml and the Authorization its upstream receives (null: none). */
    private record Mode(String path, Function<Sent, String> expected) {
    }

    private record Sent(Project project, IssuedToken token, String authorization) {
    }

    /** Expected in place of a value that differs per request: a signed assertion ({@code Bearer <JWT>}). */
    private static final String SIGNED = "Bearer <signed assertion>";

    private static final List<Form> FORMS = List.of(
            new Form("Bearer", t -> "", t -> "Bearer " + t.secret()),
            new Form("Token", t -> "", t -> "Token " + t.secret()),
            new Form("Basic project_id:token", t -> "", t -> basic(t.stored().projectId(), t.secret())),
            new Form("Basic client:token", t -> "", t -> basic("client", t.secret())),
            new Form("Basic token:x-oauth-basic", t -> "", t -> basic(t.secret(), "x-oauth-basic")),
            new Form("?access_token=", t -> "&access_token=" + t.secret(), t -> null),
            new Form("?api_key=", t -> "&api_key=" + t.secret(), t -> null),
            new Form("?apikey=", t -> "&apikey=" + t.secret(), t -> null));

    private static final List<Mode> MODES = List.of(
            new Mode("/unfiltered", Sent::authorization),
            new Mode("/preserve", Sent::authorization),
            new Mode("/bearer", sent -> "Bearer " + sent.token().secret()),
            new Mode("/basic", sent -> basic(sent.project(), sent.token())),
            new Mode("/none", sent -> null),
            new Mode("/static-basic", sent -> basic("authbridge-service", "service-password")),
            new Mode("/static-bearer", sent -> "Bearer service-token"),
            new Mode("/jwt", sent -> SIGNED),
            new Mode("/jwt-header", sent -> null),
            new Mode("/public", Sent::authorization));

    @Test
    void everyModeAndCredentialFormTakesTheOnePass() {
        UpstreamRoutingFilter onePass = (UpstreamRoutingFilter) routing;
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);
        UpstreamRoutingFilter.Counts before = onePass.onePassCounts();
        UpstreamUrlFilter.Ways urlsBefore = ((UpstreamUrlFilter) requestUrl).ways();

        int sent = 0;
        List<String> wrong = new ArrayList<>();
        for (Mode mode : MODES) {
            for (Form form : FORMS) {
                wrong.addAll(check(mode.path(), mode.path(), form, project, token, mode.expected()));
                sent++;
            }
        }

        assertThat(wrong).isEmpty();
        assertThat(onePass.onePassCounts().minus(before))
            .isEqualTo(new UpstreamRoutingFilter.Counts(sent, 0, sent, 0));
        assertThat(((UpstreamUrlFilter) requestUrl).ways().minus(urlsBefore)).isEqualTo(new UpstreamUrlFilter.Ways(sent, 0));
    }

    @Test
    void aRouteFilterThatReplacesTheRequestTakesTheGatewaysWayWithTheSameCredentialAndQuery() {
        UpstreamRoutingFilter onePass = (UpstreamRoutingFilter) routing;
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);
        UpstreamRoutingFilter.Counts before = onePass.onePassCounts();

        List<String> wrong = new ArrayList<>();
        for (Form form : FORMS) {
            wrong.addAll(check("/rewritten", "/basic", form, project, token, sent -> basic(sent.project(), sent.token())));
        }

        assertThat(wrong).isEmpty();
        // the request headers took the gateway's way; the response headers still the one pass
        assertThat(onePass.onePassCounts().minus(before))
            .isEqualTo(new UpstreamRoutingFilter.Counts(0, FORMS.size(), FORMS.size(), 0));
    }

    @Test
    void authBridgesOwnWebFiltersRunAsOneLinkOfTheServersChainInTheirOrder() {
        List<WebFilter> filters = ServerWebFilters.of(server);
        List<WebFilter> own = new ArrayList<>(webFilterBeans.stream().filter(ServerWebFilters::isOwn).toList());
        AnnotationAwareOrderComparator.sort(own);

        assertThat(filters).filteredOn(ServerWebFilters::isOwn).singleElement().isInstanceOf(ChainedWebFilters.class);
        ChainedWebFilters chained = (ChainedWebFilters) filters.stream().filter(ServerWebFilters::isOwn).findFirst().orElseThrow();
        assertThat(own).hasSizeGreaterThan(1);
        assertThat(chained.filters()).containsExactlyElementsOf(own);
    }

    @Test
    void theServerObservationThatTheSettingsTurnOffIsNotCreatedPerRequest() {
        // management.observations.enable.http.server.requests: false (application.yml); TracingTest has it on
        assertThat(((HttpWebHandlerAdapter) server).getObservationRegistry()).isSameAs(ObservationRegistry.NOOP);
    }

    @Test
    void aRequestsRouteLookupTriesOnlyTheRoutesItsFirstPathSegmentCanMatch() {
        List<Route> routes = routeLocator.getRoutes().collectList().block(Duration.ofSeconds(5));
        int[] tried = RouteIndex.of(routes).candidates(
                MockServerWebExchange.from(MockServerHttpRequest.get("http://gateway.test/bearer/x"))).positions();

        // the test routes are YAML routes, each a Path predicate first: only the bearer route is tried
        assertThat(tried).hasSize(1);
        assertThat(routes.get(tried[0]).getId()).isEqualTo("bearer");
    }

    /** Sends one request; what went wrong, if anything. */
    private List<String> check(String path, String upstreamPath, Form form, Project project, IssuedToken token,
            Function<Sent, String> expected) {
        upstream.resetRequests();
        String authorization = form.authorization().apply(token);
        var request = client.get()
            .uri(URI.create("http://127.0.0.1:" + port + path + "/x?a=%2F+b" + form.query().apply(token) + "&z=1"));
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        HttpStatus status = HttpStatus.valueOf(request.exchange().returnResult(String.class).getStatus().value());
        String label = path + " with " + form.name() + ": ";
        if (status != HttpStatus.OK) {
            return List.of(label + "status " + status);
        }
        LoggedRequest received = receivedUpstream();
        List<String> wrong = new ArrayList<>();
        String want = expected.apply(new Sent(project, token, authorization));
        String got = received.containsHeader("Authorization") ? received.getHeader("Authorization") : null;
        boolean signed = want == SIGNED && got != null && got.startsWith("Bearer ey") && !got.contains(token.secret());
        if (!signed && (want == null ? got != null : !want.equals(got))) {
            wrong.add(label + "upstream Authorization " + (got == null ? "none" : "not the expected one"));
        }
        if (!received.getUrl().equals(upstreamPath + "/x?a=%2F+b&z=1")) {
            wrong.add(label + "upstream URL " + received.getUrl().replace(token.secret(), "<secret>"));
        }
        if (!token.stored().id().toString().equals(received.getHeader("X-Auth-Token-Id"))) {
            wrong.add(label + "no identity headers");
        }
        return wrong;
    }
}
