package io.authbridge.e2e;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Permission;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What SignalWire's Compatibility SDK sends: the account fetched as {@code Accounts/{project}.json}, an
 * unrouted path under the LaML prefixes answered as the Compatibility API answers; and management requests
 * attributed to their token in the access log.
 */
@ExtendWith(OutputCaptureExtension.class)
class SignalWireSdkPathsTest extends GatewayTestSupport {

    @Test
    void theAccountFetchedAsProjectDotJsonBindsTheProjectWithoutTheSuffix() {
        Project project = newProject();
        IssuedToken token = permissionToken(project, Permission.CALLING);

        Reply reply = httpGet("/laml/Accounts/" + project.id() + ".json", basic(project, token));

        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.OK);
        assertThat(receivedUpstream().getUrl()).isEqualTo("/laml/Accounts/" + project.id() + ".json");
    }

    @Test
    void anotherProjectsAccountDotJsonIsRefused() {
        Project project = newProject();
        IssuedToken token = permissionToken(project, Permission.CALLING);

        Reply reply = httpGet("/laml/Accounts/" + newProject().id() + ".json", basic(project, token));

        assertThat(reply.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(reply.json().get("code").asInt()).isEqualTo(20003);
        assertUpstreamReceivedNothing();
    }

    @Test
    void anUnroutedPathUnderTheLamlPrefixesAnswersNotFoundWithCode20404() {
        for (String path : List.of("/2010-04-01/Accounts", "/api/laml/2010-04-01/Nothing/here.json")) {
            Reply reply = httpGet(path, null);

            assertThat(reply.status()).as(path).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(reply.json().get("code").asInt()).as(path).isEqualTo(20404);
            assertThat(reply.json().get("status").asInt()).as(path).isEqualTo(404);
        }
        // elsewhere the default dialect
        Reply other = httpGet("/nothing-routed-here", null);
        assertThat(other.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(other.text()).isEqualTo("{\"error\":\"Not Found\"}");
    }

    @Test
    void theQuickStartRouteBindsTheProjectOfEveryAccountPathTheSdkSends() throws Exception {
        List<PathPattern> patterns = quickStartLamlPatterns();
        String project = "8f0a1c2e-59c4-4b71-9a0e-2d3c4b5a6f70";
        for (String path : List.of("/2010-04-01/Accounts/" + project + ".json",
                "/api/laml/2010-04-01/Accounts/" + project + ".json", "/2010-04-01/Accounts/" + project + "/Calls.json",
                "/api/laml/2010-04-01/Accounts/" + project + "/Messages/SM1.json")) {
            // the gateway's Path predicate takes the first pattern that matches
            PathPattern.PathMatchInfo match = patterns.stream()
                .map(pattern -> pattern.matchAndExtract(PathContainer.parsePath(path)))
                .filter(info -> info != null)
                .findFirst()
                .orElse(null);
            assertThat(match).as(path).isNotNull();
            assertThat(match.getUriVariables()).as(path).containsEntry("project", project);
        }
    }

    @Test
    void aManagementRequestIsAttributedToItsTokenInTheAccessLog(CapturedOutput output) {
        Tenant tenant = newTenant("Attributed");
        String key = projectAdministratorKey(tenant);

        Reply reply = httpGet("/api/project/tokens", basic(tenant.projectId(), key));

        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.OK);
        String line = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().lines()
            .filter(candidate -> candidate.contains("authbridge.access : GET /api/project/tokens 200"))
            .findFirst()
            .orElse(null), candidate -> candidate != null);
        assertThat(line).contains("auth=authenticated").doesNotContain("token=-").doesNotContain(key);
    }

    /** The Path patterns of the quick start's LaML route, in order, parsed as the gateway parses them. */
    @SuppressWarnings("unchecked")
    private static List<PathPattern> quickStartLamlPatterns() throws Exception {
        Map<String, Object> config;
        try (InputStream in = Files.newInputStream(Path.of("config/application.yml"))) {
            config = new Yaml().load(in);
        }
        Map<String, Object> webflux = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) config
            .get("spring")).get("cloud")).get("gateway")).get("server");
        List<Map<String, Object>> routes = (List<Map<String, Object>>) ((Map<String, Object>) webflux.get("webflux")).get("routes");
        Map<String, Object> laml = routes.stream().filter(route -> "demo-laml-calls".equals(route.get("id"))).findFirst()
            .orElseThrow();
        String predicate = ((List<String>) laml.get("predicates")).get(0);
        assertThat(predicate).startsWith("Path=");
        PathPatternParser parser = new PathPatternParser();
        return java.util.Arrays.stream(predicate.substring("Path=".length()).split(","))
            .map(String::trim)
            .map(parser::parse)
            .toList();
    }
}
