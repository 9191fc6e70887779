package io.authbridge.management;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.authbridge.e2e.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact answer (status, the headers a client reads, the body byte for byte) of every management
 * endpoint, in success and error cases of both dialects, as recorded in {@code golden-answers.txt} before
 * the management code was reorganised. Values that differ per run (ids, secrets, times) are written as
 * named placeholders; a time counts as a time only in its canonical ISO-8601 form, so a change of format
 * still shows. Re-record (only for an intended change of the wire format) with {@code -Dgolden.record=true}.
 */
class GoldenAnswersTest extends GatewayTestSupport {

    private static final String GOLDEN = "io/authbridge/management/golden-answers.txt";

    private static final List<String> HEADERS = List.of("Content-Type", "Cache-Control", "WWW-Authenticate",
            "X-Result-Count", "Retry-After", "Location");

    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");

    private static final Pattern UUID_TEXT = Pattern
        .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static final Pattern SECRET = Pattern.compile("(?<![A-Za-z0-9])(PT[0-9a-f]{48}|[A-Za-z0-9]{40})(?![A-Za-z0-9])");

    /** Known values and the placeholder each is written as. */
    private final Map<String, String> names = new LinkedHashMap<>();

    private final Map<String, String> answers = new LinkedHashMap<>();

    @Test
    void everyEndpointAnswersExactlyTheRecordedBytesInBothDialects() {
        exceptionlessSessions();
        exceptionlessDirectory();
        exceptionlessTokens();
        exceptionlessUsersAndAudit();
        exceptionlessTokenImport();
        signalWireTokens();
        signalWireProjects();
        bodiesThatCannotBeRead();

        Map<String, String> recorded = read();
        if (Boolean.getBoolean("golden.record")) {
            write();
            return;
        }
        List<String> differences = new ArrayList<>();
        answers.forEach((name, answer) -> {
            if (!answer.equals(recorded.get(name))) {
                differences.add("=== " + name + "\nexpected:\n" + recorded.get(name) + "\nactual:\n" + answer);
            }
        });
        assertThat(differences).as("answers that differ from " + GOLDEN).isEmpty();
        assertThat(answers.keySet()).as("cases").containsExactlyElementsOf(recorded.keySet());
    }

    // ---------------------------------------------------------------- Exceptionless

    private void exceptionlessSessions() {
        Tenant tenant = tenant("Golden Session");
        record("login", httpPost("/api/v2/auth/login", null, Map.of("email", tenant.email(), "password", tenant.password())));
        record("login wrong password", httpPost("/api/v2/auth/login", null,
                Map.of("email", tenant.email(), "password", "wrong-password")));
        var locked = clientFrom("127.0.0.41");
        String email = "golden-locked-" + UUID.randomUUID() + "@example.test";
        for (int attempt = 0; attempt < 5; attempt++) {
            send(locked, HttpMethod.POST, "/api/v2/auth/login", null, "application/json",
                    Map.of("email", email, "password", "guess-" + attempt));
        }
        record("login denied", send(locked, HttpMethod.POST, "/api/v2/auth/login", null, "application/json",
                Map.of("email", email, "password", "guess-last")));
        record("login without password", httpPost("/api/v2/auth/login", null, Map.of("email", tenant.email())));
        record("login with a short password", httpPost("/api/v2/auth/login", null,
                Map.of("email", tenant.email(), "password", "12345")));
        record("login without email", httpPost("/api/v2/auth/login", null, Map.of("password", "password-1")));
        record("login with a number as email", httpPost("/api/v2/auth/login", null, Map.of("email", 7, "password", "pw-123456")));
        String key = projectAdministratorKey(tenant);
        record("logout with an api key", httpGet("/api/v2/auth/logout", bearer(key)));
        record("logout without a credential", httpGet("/api/v2/auth/logout", null));
        record("logout", httpGet("/api/v2/auth/logout", bearer(login(tenant.email(), tenant.password()))));
    }

    private void exceptionlessDirectory() {
        Tenant tenant = tenant("Golden Directory");
        Tenant other = tenant("Golden Elsewhere");
        String clientKey = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id")
            .asString();
        String login = bearer(tenant.loginToken());
        record("organizations", httpGet("/api/v2/organizations", login));
        record("organizations with a client key", httpGet("/api/v2/organizations", bearer(clientKey)));
        record("organizations with an unknown token", httpGet("/api/v2/organizations", bearer("U".repeat(40))));
        record("organizations with an unknown query token",
                httpGet("/api/v2/organizations?access_token=" + "Q".repeat(40), null));
        Reply organization = httpPost("/api/v2/organizations", login, Map.of("name", "Golden Founded"));
        name(organization.json().get("id").asString(), "founded-org");
        record("create organization", organization);
        record("create organization with a blank name", httpPost("/api/v2/organizations", login, Map.of("name", " ")));
        record("create organization with a long name", httpPost("/api/v2/organizations", login,
                Map.of("name", "n".repeat(251))));
        record("create organization with a number as name", httpPost("/api/v2/organizations", login, Map.of("name", 42)));
        record("create organization with a client key", httpPost("/api/v2/organizations", bearer(clientKey),
                Map.of("name", "Refused")));
        record("projects", httpGet("/api/v2/projects", login));
        record("project", httpGet("/api/v2/projects/" + tenant.projectId(), login));
        record("project of another organization", httpGet("/api/v2/projects/" + other.projectId(), login));
        record("projects with a client key", httpGet("/api/v2/projects", bearer(clientKey)));
        Reply project = httpPost("/api/v2/projects", login,
                Map.of("organization_id", organization.json().get("id").asString(), "name", "Golden Made"));
        name(project.json().get("id").asString(), "made-project");
        record("create project", project);
        record("create project in another organization", httpPost("/api/v2/projects", login,
                Map.of("organization_id", other.organizationId().toString(), "name", "Planted")));
        record("create project with a malformed organization id", httpPost("/api/v2/projects", login,
                Map.of("organization_id", "nope", "name", "P")));
        record("create project without a name", httpPost("/api/v2/projects", login,
                Map.of("organization_id", tenant.organizationId().toString())));
        String key = projectAdministratorKey(tenant);
        String subproject = httpPost("/api/projects", basic(tenant.projectId(), key), Map.of("name", "Golden Child")).json()
            .get("id").asString();
        name(subproject, "subproject");
        record("subproject in the exceptionless dialect", httpGet("/api/v2/projects/" + subproject, login));
    }

    private void exceptionlessTokens() {
        Tenant tenant = tenant("Golden Keys");
        Tenant other = tenant("Golden Stranger");
        String login = bearer(tenant.loginToken());
        String tokens = "/api/v2/projects/" + tenant.projectId() + "/tokens";
        Reply created = httpPost(tokens, login, Map.of("scopes", List.of("client", "user"), "notes", "golden notes",
                "expires_utc", "2100-01-02T03:04:05Z"));
        String key = created.json().get("id").asString();
        name(key, "user-key");
        record("create api key", created);
        record("create api key without a body", send(client, HttpMethod.POST, tokens, login, null, null));
        record("create api key with an unknown scope", httpPost(tokens, login, Map.of("scopes", List.of("root"))));
        record("create api key with a global scope", httpPost(tokens, login, Map.of("scopes", List.of("global"))));
        record("create api key with a bad expiry", httpPost(tokens, login, Map.of("expires_utc", "soon")));
        record("create api key with long notes", httpPost(tokens, login, Map.of("notes", "n".repeat(2001))));
        record("create api key with an api key", httpPost(tokens, bearer(key), Map.of()));
        record("create api key in another organization", httpPost("/api/v2/projects/" + other.projectId() + "/tokens",
                login, Map.of()));
        record("update api key with an api key", httpPatch("/api/v2/tokens/" + key, bearer(key), Map.of("notes", "x")));
        record("delete api key with an api key", httpDelete("/api/v2/tokens/" + key, bearer(key)));
        Reply listed = httpGet(tokens, login);
        String publicId = listed.json().get(0).get("id").asString();
        for (int i = 0; i < listed.json().size(); i++) {
            name(listed.json().get(i).get("id").asString(), "listed-" + i);
        }
        record("list api keys", listed);
        record("list api keys with an api key", httpGet(tokens, bearer(key)));
        record("disable api key", httpPatch("/api/v2/tokens/" + key, login, Map.of("is_disabled", true, "notes", "off")));
        record("enable api key by public id", httpPatch("/api/v2/tokens/" + publicId, login, Map.of("is_disabled", false)));
        record("update unknown api key", httpPatch("/api/v2/tokens/" + UUID.randomUUID(), login, Map.of("notes", "x")));
        record("update api key without a body", send(client, HttpMethod.PATCH, "/api/v2/tokens/" + key, login,
                "application/json", null));
        record("update api key with a string flag", httpPatch("/api/v2/tokens/" + key, login, Map.of("is_disabled", "yes")));
        String first = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id")
            .asString();
        String second = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id")
            .asString();
        record("delete api keys some of which are unknown", httpDelete("/api/v2/tokens/" + first + ","
                + "0".repeat(40), login));
        record("delete api key", httpDelete("/api/v2/tokens/" + second, login));
        record("delete unknown api keys", httpDelete("/api/v2/tokens/" + UUID.randomUUID(), login));
    }

    private void exceptionlessUsersAndAudit() {
        String admin = adminToken();
        Tenant tenant = tenant("Golden People");
        String email = "golden-user-" + UUID.randomUUID() + "@example.test";
        Reply user = httpPost("/api/v2/users", bearer(admin), Map.of("email_address", email, "password", "password-1",
                "full_name", "Golden User", "organization_ids", List.of(tenant.organizationId().toString())));
        name(user.json().get("id").asString(), "new-user");
        record("create user", user);
        Reply users = httpGet("/api/v2/users", bearer(admin));
        recordItem("users, the new user's item", users, user.json().get("id").asString());
        record("create user with a taken email", httpPost("/api/v2/users", bearer(admin),
                Map.of("email_address", email, "password", "password-1")));
        record("create user with a short password", httpPost("/api/v2/users", bearer(admin),
                Map.of("email_address", "x" + email, "password", "123")));
        record("create user in an unknown organization", httpPost("/api/v2/users", bearer(admin),
                Map.of("email_address", "y" + email, "password", "password-1", "organization_ids",
                        List.of(UUID.randomUUID().toString()))));
        record("create user as a plain user", httpPost("/api/v2/users", bearer(tenant.loginToken()),
                Map.of("email_address", "z" + email, "password", "password-1")));
        record("users as a plain user", httpGet("/api/v2/users", bearer(tenant.loginToken())));
        UUID organization = createOrganization(admin, "Golden Joined");
        name(organization.toString(), "joined-org");
        record("add member", httpPost("/api/v2/organizations/" + organization + "/users/" + tenant.userId(), bearer(admin),
                null));
        record("add member to another organization", httpPost("/api/v2/organizations/" + UUID.randomUUID() + "/users/"
                + tenant.userId(), bearer(tenant.loginToken()), null));
        record("add unknown member", httpPost("/api/v2/organizations/" + tenant.organizationId() + "/users/"
                + UUID.randomUUID(), bearer(tenant.loginToken()), null));
        createOrganization(admin, "Golden Audited");
        Reply audit = httpGet("/api/v2/admin/audit-log?limit=1", bearer(admin));
        names.put("\"id\":" + audit.json().get(0).get("id").asLong(), "\"id\":{audit-id}");
        record("audit log", audit);
        record("audit log with a zero limit", httpGet("/api/v2/admin/audit-log?limit=0", bearer(admin)));
        record("audit log with a word as page", httpGet("/api/v2/admin/audit-log?page=two", bearer(admin)));
        record("audit log as a plain user", httpGet("/api/v2/admin/audit-log", bearer(tenant.loginToken())));
    }

    private void exceptionlessTokenImport() {
        String admin = adminToken();
        Tenant tenant = tenant("Golden Import");
        String uri = "/api/v2/admin/tokens/import";
        String row = "{\"token\":\"%s\",\"project_id\":\"%s\"}";
        String body = row.formatted(io.authbridge.token.TokenSecrets.exceptionlessStyle(), tenant.projectId()) + "\n"
                + row.formatted(io.authbridge.token.TokenSecrets.exceptionlessStyle(), UUID.randomUUID()) + "\n"
                + row.formatted("short-secret", tenant.projectId()) + "\n";
        record("import tokens", send(client, HttpMethod.POST, uri, bearer(admin), "application/x-ndjson", body));
        record("import tokens with broken json", send(client, HttpMethod.POST, uri, bearer(admin),
                "application/x-ndjson", body + "{\"token\":"));
        record("import tokens as a plain user", send(client, HttpMethod.POST, uri, bearer(tenant.loginToken()),
                "application/x-ndjson", body));
    }

    // ---------------------------------------------------------------- SignalWire

    private void signalWireTokens() {
        Tenant tenant = tenant("Golden Signal");
        Tenant other = tenant("Golden Far");
        String key = projectAdministratorKey(tenant);
        name(key, "project-admin-key");
        String caller = basic(tenant.projectId(), key);
        String tokens = "/api/project/tokens";
        Reply created = httpPost(tokens, caller, Map.of("name", "Golden Token", "permissions", List.of("messaging", "calling")));
        String id = created.json().get("id").asString();
        name(id, "sw-token");
        record("create token", created);
        JsonNode managerToken = httpPost(tokens, caller, Map.of("name", "Manager", "permissions", List.of("management")))
            .json();
        String manager = managerToken.get("token").asString();
        String subproject = httpPost("/api/projects", caller, Map.of("name", "Golden Sub")).json().get("id").asString();
        name(subproject, "sw-subproject");
        record("create token in a subproject", httpPost(tokens, caller,
                Map.of("name", "Sub Token", "permissions", List.of("video"), "subproject_id", subproject)));
        record("create token without a name", httpPost(tokens, caller, Map.of("permissions", List.of("calling"))));
        record("create token with a blank name", httpPost(tokens, caller, Map.of("name", "", "permissions", List.of("fax"))));
        record("create token with a long name", httpPost(tokens, caller,
                Map.of("name", "n".repeat(251), "permissions", List.of("fax"))));
        record("create token without permissions", httpPost(tokens, caller, Map.of("name", "n")));
        record("create token with an unknown permission", httpPost(tokens, caller,
                Map.of("name", "n", "permissions", List.of("teleport"))));
        record("create token with a permission the caller lacks", httpPost(tokens, basic(tenant.projectId(), manager),
                Map.of("name", "n", "permissions", List.of("fax"))));
        record("create token in a foreign subproject", httpPost(tokens, caller,
                Map.of("name", "n", "permissions", List.of("fax"), "subproject_id", other.projectId().toString())));
        record("create token with a malformed subproject id", httpPost(tokens, caller,
                Map.of("name", "n", "permissions", List.of("fax"), "subproject_id", 12)));
        record("create token with a bearer credential", httpPost(tokens, bearer(key),
                Map.of("name", "n", "permissions", List.of("fax"))));
        record("create token without management", httpPost(tokens, basic(tenant.projectId(),
                createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString()),
                Map.of("name", "n", "permissions", List.of("fax"))));
        Reply list = httpGet(tokens, caller);
        for (int i = 0; i < list.json().get("data").size(); i++) {
            names.putIfAbsent(list.json().get("data").get(i).get("id").asString(), "{listed-" + i + "}");
        }
        record("list tokens", list);
        record("list tokens second page", httpGet(tokens + "?page_size=1&page_number=1", caller));
        record("list tokens with a zero page size", httpGet(tokens + "?page_size=0", caller));
        record("update token", httpPatch(tokens + "/" + id, caller, Map.of("name", "Renamed", "permissions", List.of("fax"))));
        // a token the manager manages (its own): one holding what it lacks is none of its, not found before the body
        record("update token with a permission the caller lacks", httpPatch(tokens + "/"
                + managerToken.get("id").asString(), basic(tenant.projectId(), manager),
                Map.of("permissions", List.of("video"))));
        record("update token with empty permissions", httpPatch(tokens + "/" + id, caller, Map.of("permissions", List.of())));
        record("update unknown token", httpPatch(tokens + "/" + UUID.randomUUID(), caller, Map.of("name", "x")));
        record("delete token", httpDelete(tokens + "/" + id, caller));
        record("delete unknown token", httpDelete(tokens + "/" + id, caller));
    }

    private void signalWireProjects() {
        Tenant tenant = tenant("Golden Tree");
        String key = projectAdministratorKey(tenant);
        String caller = basic(tenant.projectId(), key);
        Reply created = httpPost("/api/projects", caller, Map.of("name", "Golden Branch"));
        String child = created.json().get("id").asString();
        name(child, "branch");
        record("create subproject", created);
        String childManager = httpPost("/api/project/tokens", caller, Map.of("name", "m", "permissions",
                List.of("management"), "subproject_id", child)).json().get("token").asString();
        record("create subproject of a subproject", httpPost("/api/projects", basic(child, childManager),
                Map.of("name", "Leaf")));
        record("create subproject without a name", httpPost("/api/projects", caller, Map.of()));
        record("subprojects", httpGet("/api/projects", caller));
        record("subprojects by name", httpGet("/api/projects?name=branch", caller));
        record("subproject", httpGet("/api/projects/" + child, caller));
        record("subproject outside the tree", httpGet("/api/projects/" + UUID.randomUUID(), caller));
        record("subprojects without a credential", httpGet("/api/projects", null));
    }

    private void bodiesThatCannotBeRead() {
        Tenant tenant = tenant("Golden Bodies");
        String key = projectAdministratorKey(tenant);
        String login = bearer(tenant.loginToken());
        String caller = basic(tenant.projectId(), key);
        String huge = "{\"name\":\"" + "x".repeat(64 * 1024) + "\"}";
        for (String dialect : List.of("exceptionless", "signalwire")) {
            String uri = dialect.equals("exceptionless") ? "/api/v2/organizations" : "/api/projects";
            String authorization = dialect.equals("exceptionless") ? login : caller;
            record(dialect + " malformed json", send(client, HttpMethod.POST, uri, authorization, "application/json",
                    "{\"name\":"));
            record(dialect + " json that is not an object", send(client, HttpMethod.POST, uri, authorization,
                    "application/json", "[1]"));
            record(dialect + " empty body", send(client, HttpMethod.POST, uri, authorization, "application/json", ""));
            record(dialect + " text body", send(client, HttpMethod.POST, uri, authorization, "text/plain", "{}"));
            record(dialect + " body over the limit", send(client, HttpMethod.POST, uri, authorization,
                    "application/json", huge));
            record(dialect + " malformed json without a credential", send(client, HttpMethod.POST, uri, null,
                    "application/json", "{\"name\":"));
        }
    }

    // ---------------------------------------------------------------- recording

    private Tenant tenant(String label) {
        Tenant tenant = newTenant(label);
        String prefix = label.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        name(tenant.organizationId().toString(), prefix + "-org");
        name(tenant.projectId().toString(), prefix + "-project");
        name(tenant.userId().toString(), prefix + "-user");
        name(tenant.loginToken(), prefix + "-login");
        name(tenant.email(), prefix + "-email");
        return tenant;
    }

    private void name(String value, String placeholder) {
        names.put(value, "{" + placeholder + "}");
    }

    private void record(String name, Reply reply) {
        assertThat(answers).as("case names").doesNotContainKey(name);
        answers.put(name, render(reply, reply.text()));
    }

    /** The item of a JSON array whose {@code id} is {@code id}, byte for byte (the array holds others' too). */
    private void recordItem(String name, Reply reply, String id) {
        String text = reply.text();
        int start = text.indexOf("{\"id\":\"" + id + "\"");
        assertThat(start).as("item " + id + " in " + text).isPositive();
        int depth = 0;
        int end = start;
        do {
            char c = text.charAt(end++);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        }
        while (depth > 0);
        // the count is of every user in the store, which other tests add to
        answers.put(name, render(reply, text.substring(start, end)).replaceFirst("\nX-Result-Count: \\d+", ""));
    }

    private String render(Reply reply, String body) {
        StringBuilder out = new StringBuilder().append(reply.status().value());
        for (String header : HEADERS) {
            List<String> values = reply.headers().get(header);
            if (values != null) {
                out.append('\n').append(header).append(": ").append(String.join(" | ", values));
            }
        }
        out.append('\n').append(body == null ? "(no body)" : normalize(body));
        return out.toString();
    }

    private String normalize(String body) {
        String text = body;
        List<Map.Entry<String, String>> known = new ArrayList<>(names.entrySet());
        known.sort((a, b) -> b.getKey().length() - a.getKey().length());
        for (Map.Entry<String, String> entry : known) {
            text = text.replace(entry.getKey(), entry.getValue());
        }
        text = replaceAll(text, TIME, (match, ignored) -> canonicalTime(match) ? "{time}" : match);
        text = replaceAll(text, UUID_TEXT, (match, number) -> "{uuid-" + number + "}");
        return replaceAll(text, SECRET, (match, number) -> "{secret-" + number + "}");
    }

    private static boolean canonicalTime(String text) {
        try {
            return Instant.parse(text).toString().equals(text);
        }
        catch (DateTimeParseException ex) {
            return false;
        }
    }

    private interface Replacement {
        String apply(String match, int number);
    }

    /** Each distinct match replaced, numbered in order of first appearance. */
    private static String replaceAll(String text, Pattern pattern, Replacement replacement) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            int number = seen.computeIfAbsent(matcher.group(), ignored -> seen.size() + 1);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher.group(), number)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> read() {
        Map<String, String> recorded = new LinkedHashMap<>();
        try (InputStream in = GoldenAnswersTest.class.getClassLoader().getResourceAsStream(GOLDEN)) {
            if (in == null) {
                return recorded;
            }
            String name = null;
            StringBuilder answer = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
                if (line.startsWith("=== ")) {
                    if (name != null) {
                        recorded.put(name, answer.toString().stripTrailing());
                    }
                    name = line.substring(4);
                    answer.setLength(0);
                }
                else if (name != null) {
                    answer.append(answer.isEmpty() ? "" : "\n").append(line);
                }
            }
            if (name != null) {
                recorded.put(name, answer.toString().stripTrailing());
            }
            return recorded;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void write() {
        StringBuilder out = new StringBuilder();
        answers.forEach((name, answer) -> out.append("=== ").append(name).append('\n').append(answer).append("\n\n"));
        try {
            Path file = Path.of("src/test/resources", GOLDEN);
            Files.createDirectories(file.getParent());
            Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
