package io.authbridge.scale;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * A PostgreSQL database of its own and an upstream answering 200, for the AuthBridge instances a test starts on
 * them: closing it stops every instance it started, the upstream, and drops the database.
 */
final class SharedStore implements AutoCloseable {

    final String database;

    final WireMockServer upstream;

    private final List<GatewayInstance> instances = new ArrayList<>();

    private SharedStore(String database, WireMockServer upstream) {
        this.database = database;
        this.upstream = upstream;
    }

    static SharedStore create() throws SQLException {
        String database = Services.createDatabase();
        try {
            return new SharedStore(database, GatewayInstance.okUpstream());
        }
        catch (RuntimeException ex) {
            Services.dropDatabase(database);
            throw ex;
        }
    }

    /** The store's connection properties, to which a test adds its own. */
    Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.r2dbc.url", Services.r2dbcUrl(Services.PG_HOST, Services.PG_PORT, database));
        properties.put("spring.r2dbc.username", Services.PG_USER);
        return properties;
    }

    /** An instance started with {@code properties}, once it listens for token changes. */
    GatewayInstance start(Map<String, String> properties) {
        GatewayInstance instance = GatewayInstance.start(properties);
        instances.add(instance);
        awaitListening(instance);
        return instance;
    }

    static void awaitListening(GatewayInstance instance) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var gauge = instance.meters().find("authbridge.invalidation.listening").gauge();
            if (gauge != null && gauge.value() == 1) {
                return;
            }
            MultiInstancePostgresTest.sleep(20);
        }
        throw new AssertionError("the instance never started listening for token changes");
    }

    @Override
    public void close() {
        for (GatewayInstance instance : instances) {
            try {
                instance.close();
            }
            catch (RuntimeException ex) {
                // best effort: the others are stopped all the same
            }
        }
        upstream.stop();
        Services.dropDatabase(database);
    }
}
