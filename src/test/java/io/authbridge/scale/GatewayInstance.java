package io.authbridge.scale;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.authbridge.AuthBridgeApplication;
import io.authbridge.DrainingConnector;
import io.authbridge.directory.DirectoryStore;
import io.authbridge.directory.Organization;
import io.authbridge.directory.Project;
import io.authbridge.e2e.TestUpstream;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.NewToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.TokenKind;
import io.authbridge.token.TokenService;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One AuthBridge application on a random port, started in-process with its own properties, so that a test
 * can run several instances against one store.
 */
final class GatewayInstance implements AutoCloseable {

    /** Shared by every instance of a test: instances sharing a store must hash secrets alike. */
    static final String PEPPER = "scale-out-test-pepper-0123456789abcdef";

    private final ConfigurableApplicationContext context;

    private final WebTestClient client;

    /** The connector of this instance's clients, whose unread response bodies are released when it closes. */
    private final DrainingConnector connector = new DrainingConnector(new ReactorClientHttpConnector());

    private GatewayInstance(ConfigurableApplicationContext context) {
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.client = WebTestClient.bindToServer(connector).baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(Duration.ofSeconds(10)).build();
    }

    static GatewayInstance start(Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>();
        // not ./config/application.yml: its demo upstream would claim port 8081 in every instance
        all.put("spring.config.location", "classpath:/application.yml");
        all.put("server.port", "0");
        all.put("management.server.port", "0");
        all.put("authbridge.security.token-pepper", PEPPER);
        all.put("authbridge.demo.echo-upstream.enabled", "false");
        all.put("authbridge.authentication.failure-limit.enabled", "false");
        all.put("authbridge.shutdown.drain", "0s");
        // a loaded CI machine can take longer than the default 2 s for a first query; outage tests set their own
        all.put("authbridge.store.timeout", "10s");
        all.put("logging.level.root", "warn");
        all.put("logging.level.io.authbridge", "info");
        all.putAll(properties);
        List<String> args = new ArrayList<>();
        all.forEach((name, value) -> args.add("--" + name + "=" + value));
        SpringApplication application = new SpringApplication(AuthBridgeApplication.class);
        application.addInitializers(context -> ((GenericApplicationContext) context)
            .registerBean(ReactorResourceFactory.class, GatewayInstance::resourcesOfItsOwn));
        return new GatewayInstance(application.run(args.toArray(String[]::new)));
    }

    /**
     * Reactor Netty resources of the instance's own: closing an instance then disposes these, not the
     * JVM-wide ones that the test contexts' servers and clients, alive until the JVM ends, keep using.
     */
    private static ReactorResourceFactory resourcesOfItsOwn() {
        ReactorResourceFactory resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        return resources;
    }

    /** Properties of a route to {@code upstream} at {@code path}/** in {@code dialect}, with extra filters. */
    static Map<String, String> route(int index, String id, String path, String upstream, String dialect,
            String... filters) {
        Map<String, String> route = new LinkedHashMap<>();
        String prefix = "spring.cloud.gateway.server.webflux.routes[" + index + "].";
        route.put(prefix + "id", id);
        route.put(prefix + "uri", upstream);
        route.put(prefix + "predicates[0]", "Path=" + path + "/**");
        route.put(prefix + "metadata.dialect", dialect);
        for (int i = 0; i < filters.length; i++) {
            route.put(prefix + "filters[" + i + "]", filters[i]);
        }
        return route;
    }

    WebTestClient client() {
        return client;
    }

    /** A client of the instance's management port (the actuator). */
    WebTestClient managementClient() {
        String port = context.getEnvironment().getProperty("local.management.port");
        return WebTestClient.bindToServer(connector).baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(Duration.ofSeconds(10)).build();
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    MeterRegistry meters() {
        return context.getBean(MeterRegistry.class);
    }

    /** A new organization and project in the store, and a client key of that project with every permission. */
    IssuedToken newProjectKey() {
        DirectoryStore directory = bean(DirectoryStore.class);
        Instant now = Instant.now();
        Organization organization = new Organization(UUID.randomUUID(), "Scale " + now, now, now);
        Project project = new Project(UUID.randomUUID(), organization.id(), null, "Scale project", false, now, now);
        directory.createOrganization(organization).then(directory.createProject(project)).block(Duration.ofSeconds(10));
        return newKey(organization.id(), project.id());
    }

    IssuedToken newKey(UUID organizationId, UUID projectId) {
        return bean(TokenService.class)
            .issue(new NewToken(TokenKind.ACCESS, organizationId, projectId, null, "scale", null, Scope.CLIENT.bit(),
                    Permission.ALL, null, null, NewToken.SecretStyle.EXCEPTIONLESS))
            .block(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        connector.drainUnread();
        context.close();
    }

    /** The upstream of every test route: the tests' one upstream ({@link TestUpstream}), of this test's own. */
    static WireMockServer okUpstream() {
        return TestUpstream.start();
    }
}
