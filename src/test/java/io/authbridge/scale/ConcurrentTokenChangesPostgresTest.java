package io.authbridge.scale;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import io.authbridge.management.ConcurrentTokenChanges;
import io.authbridge.token.TokenService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two changes to tokens of one minting chain at the same moment, on PostgreSQL, each request reading its token before
 * the other's change commits: every pair of kinds of change (name, permissions, notes, disable, enable) on one token
 * and on two tokens of a chain ends with both changes ({@link ConcurrentTokenChanges}). The lock is held from a JDBC
 * connection of the test's own, as {@code psql} held it in the report of a disable undone by a rename.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentTokenChangesPostgresTest {

    private static final String PASSWORD = "race-admin-password-1";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SharedStore store;

    private GatewayInstance instance;

    @BeforeEach
    void requireServices() {
        Services.assumePostgres();
    }

    @BeforeAll
    void startAnInstance() throws Exception {
        if (!Services.postgresAvailable()) {
            return; // every test skips, naming the service (requireServices)
        }
        store = SharedStore.create();
        Map<String, String> properties = store.properties();
        properties.put("authbridge.bootstrap.admin-password", PASSWORD);
        properties.putAll(GatewayInstance.route(0, "api", "/api/thing", store.upstream.baseUrl(), "signalwire"));
        instance = store.start(properties);
    }

    @AfterAll
    void stopEverything() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void twoChangesToAChainAtTheSameMomentBothStayWhateverEachReadBefore() throws Exception {
        ConcurrentTokenChanges.Store connections = new ConcurrentTokenChanges.Store() {
            @Override
            public Connection connect() throws SQLException {
                return DriverManager.getConnection(Services.jdbcUrl(store.database), Services.PG_USER, "");
            }

            @Override
            public String waitingOnALock() {
                return "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND wait_event_type = 'Lock' AND query ILIKE '%FOR UPDATE%'";
            }
        };
        String admin = login();
        long seed = Long.getLong("race.seed", System.nanoTime());
        int cases = new ConcurrentTokenChanges(instance.client(), instance.bean(TokenService.class),
                ConcurrentTokenChanges.lockHeldBy(connections), admin,
                instance.newProjectKey().stored().projectId(), "/api/thing/race")
            .runAllPairs(seed);
        assertThat(cases).as("pairs of changes").isEqualTo(43);
    }

    private String login() {
        String body = instance.client().post().uri("/api/v2/auth/login")
            .header("Content-Type", "application/json")
            .bodyValue("{\"email\":\"admin@authbridge.local\",\"password\":\"" + PASSWORD + "\"}")
            .exchange()
            .expectStatus().isOk()
            .expectBody(String.class).returnResult().getResponseBody();
        return JSON.readTree(body).get("token").asString();
    }
}
