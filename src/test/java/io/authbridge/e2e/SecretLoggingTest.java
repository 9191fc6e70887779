package io.authbridge.e2e;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.TokenChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No token secret and no {@code Authorization} value reaches the log, whatever form the credential took
 * and however the request ended (accepted, rejected, malformed, forbidden, upstream down or slow), with
 * AuthBridge, Spring Cloud Gateway, Spring Web and Reactor Netty turned up to TRACE: the framework loggers
 * that print URLs or outgoing headers are pinned in {@code application.yml}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretLoggingTest extends GatewayTestSupport {

    private final LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());

    /** What an operator turns up when diagnosing: AuthBridge and the frameworks around a request. */
    private static final List<String> VERBOSE = List.of("io.authbridge", "org.springframework.cloud.gateway",
            "org.springframework.web", "reactor.netty.http");

    @BeforeEach
    void logVerbosely() {
        VERBOSE.forEach(name -> logging.setLogLevel(name, LogLevel.TRACE));
    }

    @AfterEach
    void restoreLogLevels() {
        VERBOSE.forEach(name -> logging.setLogLevel(name, null));
    }

    @Test
    void noSecretAndNoAuthorizationValueReachesTheLog(CapturedOutput output) {
        Project project = newProject();
        Project other = newProject();
        IssuedToken key = scopedToken(project, Scope.CLIENT);
        IssuedToken signalWire = permissionToken(project, Permission.MESSAGING);
        IssuedToken disabled = scopedToken(project, Scope.CLIENT);
        tokens.update(disabled.stored().id(), TokenChange.disable(true)).block();
        String unknown = "UnknownSecretValueThatMustNotBeLogged0001";
        String malformed = "MalformedSecretValue\u00e9ThatMustNotBeLogged";

        List<String> secrets = List.of(key.secret(), signalWire.secret(), disabled.secret(), unknown,
                "MalformedSecretValue");
        List<String> authorizations = new ArrayList<>();
        for (String secret : List.of(key.secret(), signalWire.secret(), disabled.secret(), unknown)) {
            authorizations.add("Bearer " + secret);
            authorizations.add("Token " + secret);
            authorizations.add(basic(project.id().toString(), secret));
            authorizations.add(basic(other.id().toString(), secret));
            authorizations.add(basic("client", secret));
            authorizations.add(basic(secret, "x-oauth-basic"));
        }
        authorizations.add("Basic " + Base64.getEncoder().encodeToString(("no colon " + unknown).getBytes(StandardCharsets.UTF_8)));
        authorizations.add("Bearer " + unknown + " trailing");

        for (String path : List.of("/unfiltered/a", "/xl/admin/b", "/sw/messaging/c", "/down/d", "/slow/e",
                "/laml/Accounts/" + other.id() + "/Calls", "/public/f")) {
            for (String authorization : authorizations) {
                client.get().uri(path).header("Authorization", authorization).exchange().expectBody().returnResult();
            }
            for (String secret : List.of(key.secret(), unknown)) {
                for (String parameter : List.of("access_token", "api_key", "apikey")) {
                    client.get().uri(path + "?" + parameter + "=" + secret).exchange().expectBody().returnResult();
                }
            }
            client.get()
                .uri(URI.create("http://127.0.0.1:" + port + path + "?access_token="
                        + java.net.URLEncoder.encode(malformed, StandardCharsets.UTF_8)))
                .exchange()
                .expectBody()
                .returnResult();
        }

        // the capture did see the requests: the access log (written asynchronously) reached the last one,
        // and the failures of the down and slow upstreams are logged
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
            .until(() -> output.getAll().split("authbridge.access .*GET /public/f ", -1).length - 1
                    >= authorizations.size() + 7);
        assertThat(output.getAll()).contains("Bad Gateway on GET /down/d").contains("Gateway Timeout on GET /slow/e")
            .contains("Malformed credential on /unfiltered/a");
        for (String secret : secrets) {
            assertThat(output.getAll()).as("log output").doesNotContain(secret);
        }
        for (String authorization : authorizations) {
            assertThat(output.getAll()).as("log output").doesNotContain(authorization.substring(authorization.indexOf(' ') + 1));
        }
    }

    /** Every spelling of a management path whose segment may hold a secret, {@code S} standing for the secret. */
    private static final List<String> SECRET_PATHS = List.of("/api/v2/tokens/{s}", "/api/v2/tokens/{s},{s}",
            "/api/v2/tokens/0123456789abcdefghijklmn,{s}", "/api/v2//tokens/{s}", "//api/v2/tokens/{s}", "/api/v2/tokens//{s}",
            "/api/v2/tokens;x/{s}", "/api/v2/tokens/{s};x", "/api;x/v2/tokens/{s}", "/API/V2/TOKENS/{s}", "/api/v2/%74okens/{s}",
            "/api/v2/tokens/{%s}", "/api/v2/x/../tokens/{s}", "/api/v2/./tokens/{s}", "/api/v2/tokens%2F{s}", "/api/v2/tokens%252F{s}",
            "/api\\v2\\tokens\\{s}", "/api/v2/tokens/{s}/x", "/api/project/tokens/{s}", "/api/project//tokens/{s}",
            "/api/project/tokens;x/{s}", "/api/project/tokens/{%s}", "/API/Project/Tokens/{s}", "/api/project/tokens/{s}?x=1");

    @Test
    void noTokenSecretInAManagementPathReachesTheLogOrAnErrorBody(CapturedOutput output) throws Exception {
        Project project = newProject();
        IssuedToken key = scopedToken(project, Scope.CLIENT);
        IssuedToken signalWire = permissionToken(project, Permission.MESSAGING);
        String admin = adminToken();
        for (IssuedToken token : List.of(key, signalWire)) {
            String secret = token.secret();
            String encoded = String.format("%%%02X", (int) secret.charAt(0)) + secret.substring(1);
            for (String spelling : SECRET_PATHS) {
                String target = spelling.replace("{%s}", encoded).replace("{s}", secret);
                for (String method : List.of("PATCH", "PUT", "DELETE", "GET")) {
                    for (String authorization : List.of("", "Authorization: Bearer " + admin + "\r\n")) {
                        String body = method.equals("PATCH") || method.equals("PUT") ? "{\"notes\":\"x\"}" : "";
                        RawHttp.Answer answer = RawHttp.exchange(port, method + " " + target
                                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + authorization
                                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                                + body, 10_000);
                        assertThat(answer.status()).as(method + " " + spelling).isBetween(200, 499);
                        assertThat(answer.text()).as("answer to " + method + " " + spelling).doesNotContain(secret)
                            .doesNotContain(secret.substring(1));
                    }
                }
            }
        }
        // the access lines are written asynchronously, in order: the last request's line comes after every other
        client.get().uri("/public/after-management-paths").exchange().expectBody().returnResult();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
            .until(() -> output.getAll().contains("GET /public/after-management-paths "));
        assertThat(output.getAll()).contains("/api/v2/tokens/***").contains("/api/project/tokens/***");
        for (IssuedToken token : List.of(key, signalWire)) {
            assertThat(output.getAll()).as("log output").doesNotContain(token.secret())
                .doesNotContain(token.secret().substring(1));
        }
    }

    /** Query credential names in other letter cases, escapes and separators ({@code N=} stands for the name). */
    private static final List<String> QUERY_SPELLINGS = List.of("ACCESS_TOKEN=", "Access_Token=", "Api_Key=", "APIKEY=",
            "access_token+=", "access_token%20=", "access_token%5B%5D=", "access_token[]=", "a=1;access_token=",
            "%61ccess_token=", "%41PI_KEY=", "x=1&apiKey=", "access.token=", "access+token=", "access%20token=",
            "access[token=", "accesstoken=", "ACCESS-TOKEN=", "api.key=", "access%255Ftoken=");

    @Test
    void aQueryCredentialInAnySpellingNeverReachesTheUpstreamOrTheLog(CapturedOutput output) throws Exception {
        Project project = newProject();
        IssuedToken key = scopedToken(project, Scope.CLIENT);
        for (String path : List.of("/public/q", "/unfiltered/q", "/none/q", "/bearer/q", "/xl/q")) {
            for (String spelling : QUERY_SPELLINGS) {
                upstream.resetRequests();
                RawHttp.Answer answer = RawHttp.get(port, path + "?" + spelling + key.secret() + "&keep=1", "");
                assertThat(answer.status()).as(path + "?" + spelling).isIn(200, 401, 403);
                for (var received : upstreamRequests()) {
                    assertThat(received.getUrl()).as("upstream of " + path + "?" + spelling).doesNotContain(key.secret())
                        .contains("keep=1");
                }
            }
        }
        client.get().uri("/public/after-query-spellings").exchange().expectBody().returnResult();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
            .until(() -> output.getAll().contains("GET /public/after-query-spellings "));
        assertThat(output.getAll()).as("log output").doesNotContain(key.secret());
    }

    @Test
    void aRequestLineTheServerCannotServeNeverPutsItsQueryCredentialInTheLog(CapturedOutput output) throws Exception {
        String secret = "RequestLineSecretValueThatMustNotBeLogged01";
        for (String version : List.of("HTTP/2.0", "HTTP/1.2", "HTTP/3.0", "HTTP/0.9", "HTTP/1.1 extra", "HTTX/1.1", "")) {
            for (String path : List.of("/public/v", "/unfiltered/v", "/api/v2/tokens/" + secret)) {
                RawHttp.exchange(port, "GET " + path + "?access_token=" + secret + " " + version
                        + "\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + secret + "\r\nConnection: close\r\n\r\n", 1_000);
            }
        }
        client.get().uri("/public/after-request-lines").exchange().expectBody().returnResult();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
            .until(() -> output.getAll().contains("GET /public/after-request-lines "));
        assertThat(output.getAll()).as("log output").doesNotContain(secret);
    }

    @Test
    void secretsInManagementPathsAndQueryParametersOfAnyLetterCaseNeverReachTheLog(CapturedOutput output) {
        Tenant tenant = newTenant("Secret Paths");
        String login = tenant.loginToken();
        String adminKey = projectAdministratorKey(tenant);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            keys.add(createProjectToken(login, tenant.projectId(), List.of("client")).get("id").asString());
        }
        List<String> signalWire = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Reply minted = httpPost("/api/project/tokens", basic(tenant.projectId(), adminKey),
                    java.util.Map.of("name", "t" + i, "permissions", List.of("messaging")));
            assertThat(minted.status().value()).as(minted.text()).isEqualTo(200);
            signalWire.add(minted.json().get("token").asString());
        }

        // the token management paths, given the secret itself (documented for the Exceptionless API), in every spelling
        httpPatch("/api/v2/tokens/" + keys.get(0), bearer(login), java.util.Map.of("notes", "n"));
        httpPatch("/API/V2/TOKENS/" + keys.get(1), bearer(login), java.util.Map.of("notes", "n"));
        httpGet("/api/v2/%74okens/" + keys.get(1), bearer(login));
        client.get().uri(URI.create("http://127.0.0.1:" + port + "//api/v2//tokens/" + keys.get(1)))
            .header("Authorization", bearer(login)).exchange().expectBody().returnResult();
        httpDelete("/api/v2/tokens/" + keys.get(2) + "," + keys.get(3), bearer(login));
        httpPatch("/api/project/tokens/" + signalWire.get(0), basic(tenant.projectId(), adminKey),
                java.util.Map.of("name", "renamed"));
        httpDelete("/api/project/tokens/" + signalWire.get(1), basic(tenant.projectId(), adminKey));
        // query credentials in other letter cases, percent-encoded names, on a route, a management path and nowhere
        for (String path : List.of("/unfiltered/q", "/api/v2/projects", "/nowhere/q")) {
            for (String parameter : List.of("ACCESS_TOKEN", "Access_Token", "API_KEY", "ApiKey", "access%5Ftoken")) {
                httpGet(path + "?" + parameter + "=" + keys.get(4) + "&limit=1", null);
            }
            httpGet(path + "?access_token=" + signalWire.get(2) + "&access_token=" + keys.get(5), null);
        }
        httpGet("/api/v2/auth/logout?access_token=" + signalWire.get(3), null);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
            .until(() -> output.getAll().contains("GET /api/v2/auth/logout"));
        List<String> secrets = new ArrayList<>(keys);
        secrets.addAll(signalWire);
        secrets.add(login);
        secrets.add(adminKey);
        for (String secret : secrets) {
            assertThat(output.getAll()).as("log output").doesNotContain(secret);
        }
        assertThat(output.getAll()).contains("PATCH /api/v2/tokens/*** ").contains("DELETE /api/project/tokens/*** ")
            // a credential parameter in another letter case is a credential: removed (README Credentials)
            .contains("GET /unfiltered/q?limit=1 ");
    }
}
