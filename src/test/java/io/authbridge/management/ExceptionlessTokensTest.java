package io.authbridge.management;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.authbridge.e2e.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Project API keys through the Exceptionless dialect: the seed's token view whose {@code id} is the new
 * token, usable at once in both credential styles; listing without secrets; PATCH and DELETE by the token
 * or its public id, effective on the next request; scope validation; API keys refused (403); another
 * organization's tokens and projects 404; concurrent creation.
 */
class ExceptionlessTokensTest extends GatewayTestSupport {

    /** Seed 000: the token view of a new client key. */
    private static final List<String> SEED_TOKEN_FIELDS = List.of("id", "organization_id", "project_id", "scopes",
            "is_disabled", "created_utc", "updated_utc");

    @Test
    void createdTokenIsAnsweredWithTheSeedsViewWhoseIdIsTheTokenItself() {
        Tenant tenant = newTenant("Seed Token");

        Reply reply = httpPost(tokensOf(tenant.projectId()), bearer(tenant.loginToken()), Map.of("scopes", List.of("client")));

        assertThat(reply.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(reply.contentType()).isEqualTo("application/json");
        assertThat(reply.headers().getCacheControl()).isEqualTo("no-store");
        JsonNode view = reply.json();
        assertThat(view.propertyNames()).containsExactlyElementsOf(SEED_TOKEN_FIELDS);
        assertThat(view.get("id").asString()).matches("[A-Za-z0-9]{40}");
        assertThat(view.get("organization_id").asString()).isEqualTo(tenant.organizationId().toString());
        assertThat(view.get("project_id").asString()).isEqualTo(tenant.projectId().toString());
        assertThat(view.get("scopes").toString()).isEqualTo("[\"client\"]");
        assertThat(view.get("is_disabled").asBoolean()).isFalse();
        assertThat(Instant.parse(view.get("created_utc").asString())).isCloseTo(Instant.now(), within(60));
    }

    @Test
    void newTokenWorksAtOnceAsBearerAndAsBasicWithItsProject() {
        Tenant tenant = newTenant("Both Styles");
        String token = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString();

        assertThat(httpGet("/api/v2/events", bearer(token)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/api/v2/events", basic(tenant.projectId(), token)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/api/v2/events?access_token=" + token, null).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/echo/whoami", bearer(token)).status()).isEqualTo(HttpStatus.OK);
        // the upstream of /echo receives the token as Basic project_id:token and the identity headers
        var forwarded = upstreamRequests().get(upstreamRequests().size() - 1);
        assertThat(forwarded.getHeader("Authorization")).isEqualTo(basic(tenant.projectId(), token));
        assertThat(forwarded.getHeader("X-Auth-Project-Id")).isEqualTo(tenant.projectId().toString());
        assertThat(forwarded.getHeader("X-Auth-Organization-Id")).isEqualTo(tenant.organizationId().toString());
        // Basic naming another project is refused
        assertThat(httpGet("/api/v2/events", basic(UUID.randomUUID(), token)).problemTitle(401)).isEqualTo("Unauthorized");
    }

    @Test
    void emptyBodyOrEmptyScopesMeanAClientKey() {
        Tenant tenant = newTenant("Empty Body");

        Reply noBody = send(client, HttpMethod.POST, tokensOf(tenant.projectId()), bearer(tenant.loginToken()), null, null);
        Reply emptyScopes = httpPost(tokensOf(tenant.projectId()), bearer(tenant.loginToken()), Map.of("scopes", List.of()));

        assertThat(noBody.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(noBody.json().get("scopes").toString()).isEqualTo("[\"client\"]");
        assertThat(emptyScopes.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(emptyScopes.json().get("scopes").toString()).isEqualTo("[\"client\"]");
    }

    @Test
    void notesAndAFutureExpiryAreKeptAndTheKeyWorksUntilThen() {
        Tenant tenant = newTenant("Expiry");
        String future = Instant.now().plus(Duration.ofDays(1)).toString();

        Reply live = httpPost(tokensOf(tenant.projectId()), bearer(tenant.loginToken()),
                Map.of("scopes", List.of("client"), "notes", "build server", "expires_utc", future));

        assertThat(live.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(live.json().get("notes").asString()).isEqualTo("build server");
        assertThat(Instant.parse(live.json().get("expires_utc").asString())).isEqualTo(Instant.parse(future));
        assertThat(httpGet("/api/v2/events", bearer(live.json().get("id").asString())).status()).isEqualTo(HttpStatus.OK);
    }

    /**
     * Expiries that have come already, in every spelling the field takes: with {@code Z}, with offsets on either
     * side (digits that look ahead of UTC included), without an offset (read as UTC), with fractions, from a
     * second ago to year 1.
     */
    static List<String> pastExpiries(Instant now) {
        List<String> spellings = new java.util.ArrayList<>();
        for (Duration ago : List.of(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1),
                Duration.ofDays(400), Duration.ofDays(365L * 50))) {
            Instant past = now.minus(ago);
            for (String offset : List.of("Z", "+00:00", "+14:00", "+05:30", "-12:00")) {
                java.time.OffsetDateTime local = past.atOffset(java.time.ZoneOffset.of(offset.equals("Z") ? "+00:00" : offset));
                spellings.add(local.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toLocalDateTime() + offset);
                spellings.add(local.toLocalDateTime() + offset);
            }
            spellings.add(past.atOffset(java.time.ZoneOffset.UTC).toLocalDateTime().toString());
        }
        spellings.addAll(List.of("2020-01-01T00:00:00", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
                now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
        return spellings;
    }

    @Test
    void anExpiryThatHasComeIsAValidationErrorKeyedByFieldAndMintsNothing() {
        Tenant tenant = newTenant("Past Expiry");
        String login = bearer(tenant.loginToken());

        for (String expiry : pastExpiries(Instant.now())) {
            for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("expires_utc", expiry),
                    Map.of("scopes", List.of("user"), "notes", "n", "expires_utc", expiry))) {
                Reply reply = httpPost(tokensOf(tenant.projectId()), login, body);

                assertThat(reply.problemTitle(422)).as(expiry + " -> " + reply.text())
                    .isEqualTo("One or more validation errors occurred.");
                assertThat(reply.json().get("errors").propertyNames()).as(expiry).containsExactly("expires_utc");
                assertThat(reply.json().get("errors").get("expires_utc").get(0).asString()).as(expiry)
                    .startsWith("The expires_utc must be in the future");
            }
        }
        assertThat(httpGet(tokensOf(tenant.projectId()), login).json()).as("keys minted").isEmpty();
        // the same instants a day ahead are taken, whatever the spelling
        for (String expiry : pastExpiries(Instant.now().plus(Duration.ofDays(365L * 50 + 2)))) {
            if (!expiry.startsWith("0001") && !expiry.startsWith("1970") && !expiry.startsWith("2020")) {
                assertThat(httpPost(tokensOf(tenant.projectId()), login, Map.of("expires_utc", expiry)).status())
                    .as(expiry).isEqualTo(HttpStatus.CREATED);
            }
        }
    }

    @Test
    void unparsableExpiryIsAValidationErrorKeyedByField() {
        Tenant tenant = newTenant("Bad Expiry");

        Reply reply = httpPost(tokensOf(tenant.projectId()), bearer(tenant.loginToken()), Map.of("expires_utc", "tomorrow"));

        assertThat(reply.problemTitle(422)).isEqualTo("One or more validation errors occurred.");
        assertThat(reply.json().get("errors").propertyNames()).containsExactly("expires_utc");
    }

    @Test
    void unknownScopeIsAValidationErrorOnScopes() {
        Tenant tenant = newTenant("Unknown Scope");

        for (Object scopes : List.of(List.of("client", "superuser"), "client", List.of(1))) {
            Reply reply = httpPost(tokensOf(tenant.projectId()), bearer(tenant.loginToken()), Map.of("scopes", scopes));
            assertThat(reply.problemTitle(422)).as(scopes.toString()).isEqualTo("One or more validation errors occurred.");
            assertThat(reply.json().get("errors").toString()).isEqualTo("{\"scopes\":[\"Invalid token scope requested.\"]}");
        }
        assertThat(httpGet(tokensOf(tenant.projectId()), bearer(tenant.loginToken())).json()).isEmpty();
    }

    @Test
    void userScopeIsGrantedToAUserButGlobalOnlyToAGlobalAdministrator() {
        Tenant tenant = newTenant("Scopes");

        Reply user = httpPost(tokensOf(tenant.projectId()), bearer(tenant.loginToken()), Map.of("scopes", List.of("USER")));
        Reply global = httpPost(tokensOf(tenant.projectId()), bearer(tenant.loginToken()), Map.of("scopes", List.of("global")));
        Reply globalByAdmin = httpPost(tokensOf(tenant.projectId()), bearer(adminToken()), Map.of("scopes", List.of("global")));

        assertThat(user.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(user.json().get("scopes").toString()).isEqualTo("[\"client\",\"user\"]");
        assertThat(global.problemTitle(422)).isEqualTo("One or more validation errors occurred.");
        assertThat(global.json().get("errors").propertyNames()).containsExactly("scopes");
        assertThat(globalByAdmin.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(globalByAdmin.json().get("scopes").toString()).isEqualTo("[\"client\",\"user\",\"global\"]");
    }

    @Test
    void apiKeyCannotManageTokensEvenWithTheUserScope() {
        Tenant tenant = newTenant("Key Manager");
        String key = projectAdministratorKey(tenant);
        String other = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString();

        assertThat(httpGet(tokensOf(tenant.projectId()), bearer(key)).problemTitle(403))
            .isEqualTo("Token authentication cannot access tokens.");
        assertThat(httpPost(tokensOf(tenant.projectId()), bearer(key), Map.of()).problemTitle(403))
            .isEqualTo("Token authentication cannot create tokens.");
        assertThat(httpPatch("/api/v2/tokens/" + other, bearer(key), Map.of("is_disabled", true)).problemTitle(403))
            .isEqualTo("Token authentication cannot update tokens.");
        assertThat(httpDelete("/api/v2/tokens/" + other, bearer(key)).problemTitle(403))
            .isEqualTo("Token authentication cannot delete tokens.");
        assertThat(httpGet("/api/v2/events", bearer(other)).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void listShowsTheProjectsKeysByPublicIdAndNeverTheirSecrets() {
        Tenant tenant = newTenant("Listing");
        String first = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString();
        String second = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("user")).get("id").asString();

        Reply reply = httpGet(tokensOf(tenant.projectId()), bearer(tenant.loginToken()));

        assertThat(reply.status()).isEqualTo(HttpStatus.OK);
        assertThat(reply.headers().getFirst("X-Result-Count")).isEqualTo("2");
        assertThat(reply.json()).hasSize(2);
        for (JsonNode token : reply.json()) {
            assertThat(UUID.fromString(token.get("id").asString())).isNotNull();
            assertThat(token.get("project_id").asString()).isEqualTo(tenant.projectId().toString());
        }
        assertThat(reply.text()).doesNotContain(first, second, tenant.loginToken());
    }

    @Test
    void theListShowsTokensMintedThroughSignalWireWithTheirNameAndPermissions() {
        Tenant tenant = newTenant("Mixed");
        createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client"));
        Reply minted = httpPost("/api/project/tokens", basic(tenant.projectId(), tenant.loginToken()),
                Map.of("name", "Calls <b>", "permissions", List.of("messaging", "calling")));
        assertThat(minted.status()).as(minted.text()).isEqualTo(HttpStatus.OK);

        JsonNode listed = httpGet(tokensOf(tenant.projectId()), bearer(tenant.loginToken())).json();

        JsonNode signalWire = null;
        for (JsonNode token : listed) {
            if (token.get("id").asString().equals(minted.json().get("id").asString())) {
                signalWire = token;
            }
            else {
                assertThat(token.has("name")).isFalse();
                assertThat(token.has("permissions")).isFalse();
            }
        }
        assertThat(signalWire).as(listed.toString()).isNotNull();
        assertThat(signalWire.get("name").asString()).isEqualTo("Calls <b>");
        assertThat(signalWire.get("permissions").toString()).isEqualTo("[\"calling\",\"messaging\"]");
        assertThat(signalWire.get("scopes").toString()).isEqualTo("[\"client\"]");
        assertThat(listed.toString()).doesNotContain(minted.json().get("token").asString());
    }

    @Test
    void disablingByTheTokenItselfTakesEffectOnTheNextRequestAndEnablingByPublicIdUndoesIt() {
        Tenant tenant = newTenant("Disable");
        String token = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString();
        assertThat(httpGet("/api/v2/events", bearer(token)).status()).isEqualTo(HttpStatus.OK);

        Reply disabled = httpPatch("/api/v2/tokens/" + token, bearer(tenant.loginToken()), Map.of("is_disabled", true));

        assertThat(disabled.status()).isEqualTo(HttpStatus.OK);
        assertThat(disabled.json().get("is_disabled").asBoolean()).isTrue();
        String publicId = disabled.json().get("id").asString();
        assertThat(UUID.fromString(publicId)).isNotNull();
        assertThat(disabled.text()).doesNotContain(token);
        assertThat(httpGet("/api/v2/events", bearer(token)).problemTitle(401)).isEqualTo("Unauthorized");
        assertThat(httpGet("/api/v2/events", basic(tenant.projectId(), token)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);

        Reply enabled = httpPatch("/api/v2/tokens/" + publicId, bearer(tenant.loginToken()), Map.of("is_disabled", false));

        assertThat(enabled.json().get("is_disabled").asBoolean()).isFalse();
        assertThat(httpGet("/api/v2/events", bearer(token)).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void patchingNotesKeepsTheDisabledFlagAndIgnoresOtherFields() {
        Tenant tenant = newTenant("Notes");
        String token = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString();

        Reply reply = httpPatch("/api/v2/tokens/" + token, bearer(tenant.loginToken()),
                Map.of("notes", "rotated", "scopes", List.of("global"), "project_id", UUID.randomUUID().toString()));

        assertThat(reply.status()).isEqualTo(HttpStatus.OK);
        assertThat(reply.json().get("notes").asString()).isEqualTo("rotated");
        assertThat(reply.json().get("is_disabled").asBoolean()).isFalse();
        assertThat(reply.json().get("scopes").toString()).isEqualTo("[\"client\"]");
        assertThat(reply.json().get("project_id").asString()).isEqualTo(tenant.projectId().toString());
        assertThat(httpGet("/api/v2/events", bearer(token)).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void patchWithoutABodyIsABadRequest() {
        Tenant tenant = newTenant("No Patch Body");
        String token = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString();

        Reply reply = send(client, HttpMethod.PATCH, "/api/v2/tokens/" + token, bearer(tenant.loginToken()),
                "application/json", null);

        assertThat(reply.problemTitle(400)).isEqualTo("A non-empty request body is required.");
    }

    @Test
    void unknownTokenIsNotFound() {
        Tenant tenant = newTenant("Unknown Token");

        assertThat(httpPatch("/api/v2/tokens/" + UUID.randomUUID(), bearer(tenant.loginToken()), Map.of("notes", "x"))
            .problemTitle(404)).isEqualTo("Token not found.");
        assertThat(httpPatch("/api/v2/tokens/" + "Z".repeat(40), bearer(tenant.loginToken()), Map.of("notes", "x"))
            .problemTitle(404)).isEqualTo("Token not found.");
        assertThat(httpDelete("/api/v2/tokens/" + UUID.randomUUID(), bearer(tenant.loginToken())).problemTitle(404))
            .isEqualTo("No tokens found.");
    }

    @Test
    void loginTokensAreNotManagedHere() {
        Tenant tenant = newTenant("Session");

        Reply reply = httpDelete("/api/v2/tokens/" + tenant.loginToken(), bearer(tenant.loginToken()));

        assertThat(reply.problemTitle(404)).isEqualTo("No tokens found.");
        assertThat(httpGet("/api/v2/projects", bearer(tenant.loginToken())).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void anotherOrganizationsTokensAndProjectsAreNotFound() {
        Tenant owner = newTenant("Owner");
        Tenant other = newTenant("Other");
        JsonNode created = createProjectToken(owner.loginToken(), owner.projectId(), List.of("client"));
        String token = created.get("id").asString();
        String publicId = httpGet(tokensOf(owner.projectId()), bearer(owner.loginToken())).json().get(0).get("id").asString();

        assertThat(httpGet(tokensOf(owner.projectId()), bearer(other.loginToken())).problemTitle(404))
            .isEqualTo("Project not found.");
        assertThat(httpPost(tokensOf(owner.projectId()), bearer(other.loginToken()), Map.of()).problemTitle(404))
            .isEqualTo("Project not found.");
        for (String id : List.of(token, publicId)) {
            Reply patched = httpPatch("/api/v2/tokens/" + id, bearer(other.loginToken()), Map.of("is_disabled", true));
            assertThat(patched.problemTitle(404)).isEqualTo("Token not found.");
            assertThat(patched.text()).doesNotContain(owner.projectId().toString(), owner.organizationId().toString());
            assertThat(httpDelete("/api/v2/tokens/" + id, bearer(other.loginToken())).problemTitle(404))
                .isEqualTo("No tokens found.");
        }
        assertThat(httpGet("/api/v2/events", bearer(token)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet(tokensOf(owner.projectId()), bearer(owner.loginToken())).json()).hasSize(1);
    }

    @Test
    void deletingByTheTokenItselfRevokesItOnTheNextRequest() {
        Tenant tenant = newTenant("Delete Token");
        String token = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString();
        assertThat(httpGet("/api/v2/events", bearer(token)).status()).isEqualTo(HttpStatus.OK);

        Reply reply = httpDelete("/api/v2/tokens/" + token, bearer(tenant.loginToken()));

        assertThat(reply.status()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(reply.text()).isEqualTo("{\"workers\":[]}");
        assertThat(httpGet("/api/v2/events", bearer(token)).problemTitle(401)).isEqualTo("Unauthorized");
        assertThat(httpGet(tokensOf(tenant.projectId()), bearer(tenant.loginToken())).json()).isEmpty();
    }

    @Test
    void deletingByPublicIdRevokesItOnTheNextRequest() {
        Tenant tenant = newTenant("Delete Id");
        String token = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString();
        assertThat(httpGet("/api/v2/events", bearer(token)).status()).isEqualTo(HttpStatus.OK);
        String publicId = httpGet(tokensOf(tenant.projectId()), bearer(tenant.loginToken())).json().get(0).get("id").asString();

        Reply reply = httpDelete("/api/v2/tokens/" + publicId, bearer(tenant.loginToken()));

        assertThat(reply.status()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(httpGet("/api/v2/events", bearer(token)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void deletingSeveralAtOnceReportsWhatWasAndWasNotFound() {
        Tenant tenant = newTenant("Delete Many");
        String first = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString();
        String second = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString();
        String missing = UUID.randomUUID().toString();

        Reply all = httpDelete("/api/v2/tokens/" + first + "," + second, bearer(tenant.loginToken()));

        assertThat(all.status()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(httpGet("/api/v2/events", bearer(first)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(httpGet("/api/v2/events", bearer(second)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);

        String third = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString();
        Reply mixed = httpDelete("/api/v2/tokens/" + third + "," + missing, bearer(tenant.loginToken()));

        assertThat(mixed.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(mixed.json().get("workers")).isEmpty();
        assertThat(mixed.json().get("success")).hasSize(1);
        assertThat(mixed.json().get("failure").toString())
            .isEqualTo("[{\"allowed\":false,\"id\":\"" + missing + "\",\"status_code\":404}]");
        assertThat(mixed.text()).doesNotContain(third);
        assertThat(httpGet("/api/v2/events", bearer(third)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void concurrentCreationGivesDistinctTokensThatAllWork() {
        Tenant tenant = newTenant("Concurrent");
        WebClient web = WebClient.create("http://127.0.0.1:" + port);
        int count = 24;

        List<ResponseEntity<String>> replies = Flux.range(0, count)
            .flatMap(i -> web.post()
                .uri(tokensOf(tenant.projectId()))
                .header("Authorization", bearer(tenant.loginToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"scopes\":[\"client\"],\"notes\":\"n" + i + "\"}")
                .retrieve()
                .toEntity(String.class), count)
            .collectList()
            .block(Duration.ofSeconds(60));

        Set<String> tokens = new HashSet<>();
        for (ResponseEntity<String> reply : replies) {
            assertThat(reply.getStatusCode().value()).isEqualTo(201);
            tokens.add(JSON.readTree(reply.getBody()).get("id").asString());
        }
        assertThat(tokens).hasSize(count);
        assertThat(httpGet(tokensOf(tenant.projectId()), bearer(tenant.loginToken())).json()).hasSize(count);
        for (String token : tokens) {
            assertThat(httpGet("/api/v2/events", bearer(token)).status()).as(token).isEqualTo(HttpStatus.OK);
        }
    }

    @Test
    void tokenManagementAcceptsTheQueryStringForm() {
        Tenant tenant = newTenant("Token Query");
        String query = "?access_token=" + tenant.loginToken();

        Reply created = httpPost(tokensOf(tenant.projectId()) + query, null, Map.of("scopes", List.of("client")));
        assertThat(created.status()).isEqualTo(HttpStatus.CREATED);
        String token = created.json().get("id").asString();
        assertThat(httpGet(tokensOf(tenant.projectId()) + query, null).json()).hasSize(1);
        assertThat(httpPatch("/api/v2/tokens/" + token + query, null, Map.of("is_disabled", true)).status())
            .isEqualTo(HttpStatus.OK);
        assertThat(httpDelete("/api/v2/tokens/" + token + query, null).status()).isEqualTo(HttpStatus.ACCEPTED);
    }

    private static String tokensOf(UUID projectId) {
        return "/api/v2/projects/" + projectId + "/tokens";
    }

    private static org.assertj.core.data.TemporalUnitOffset within(long seconds) {
        return org.assertj.core.api.Assertions.within(seconds, java.time.temporal.ChronoUnit.SECONDS);
    }
}
