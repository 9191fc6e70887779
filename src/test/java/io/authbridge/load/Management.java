package io.authbridge.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The management calls the simulation makes before its load starts, through both dialects: login and
 * {@code POST /api/v2/projects/{id}/tokens} (Exceptionless), {@code POST /api/project/tokens} with
 * Basic project:login-token (SignalWire).
 */
final class Management {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Management(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    Provisioned provision(String email, String password, int count) {
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("-DadminPassword is required (the bootstrap administrator's password)");
        }
        String login = call("POST", "/api/v2/auth/login", null, Map.of("email", email, "password", password), 200)
            .path("token").asText();
        String bearer = "Bearer " + login;
        JsonNode projects = call("GET", "/api/v2/projects", bearer, null, 200);
        if (!projects.isArray() || projects.isEmpty()) {
            throw new IllegalStateException("the administrator sees no project");
        }
        String projectId = projects.get(0).path("id").asText();
        List<String> bearerTokens = new ArrayList<>();
        List<String> basicTokens = new ArrayList<>();
        String adminBasic = Provisioned.basic(projectId, login);
        for (int i = 0; i < count; i++) {
            bearerTokens.add(call("POST", "/api/v2/projects/" + projectId + "/tokens", bearer,
                    Map.of("scopes", List.of("client"), "notes", "gatling " + i), 201).path("id").asText());
            basicTokens.add(call("POST", "/api/project/tokens", adminBasic,
                    Map.of("name", "gatling " + i, "permissions", List.of("calling", "messaging")), 200)
                .path("token").asText());
        }
        return new Provisioned(projectId, bearerTokens, basicTokens);
    }

    private JsonNode call(String method, String path, String authorization, Object body, int expected) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (body != null) {
                request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                // the body of a management error holds no secret; the request's credential is not printed
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode()
                        + " (expected " + expected + "): " + response.body());
            }
            return JSON.readTree(response.body());
        }
        catch (IOException ex) {
            throw new IllegalStateException(method + " " + path + " failed: " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
