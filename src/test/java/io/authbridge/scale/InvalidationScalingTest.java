package io.authbridge.scale;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.authbridge.token.IssuedToken;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The figures of docs/scaling.md for N instances on one PostgreSQL (N from {@code -Dbench.scale.instances},
 * default 2; bench/scaling.sh runs 2, 4 and 8): PostgreSQL connections per instance, NOTIFY notices per token
 * change, store reads per cold token, and the invalidation lag until every other instance refuses a changed token.
 * Printed as {@code SCALING ...} lines. Skipped without PostgreSQL.
 */
class InvalidationScalingTest {

    private static final int CHANGES = Integer.getInteger("bench.scale.changes", 20);

    @Test
    void figuresForInstancesOnOneStore() throws Exception {
        // a measurement, not a check of behaviour (MultiInstancePostgresTest is that): only when bench/scaling.sh asks
        assumeTrue(System.getProperty("bench.scale.instances") != null,
                "run by bench/scaling.sh (-Dbench.scale.instances=N)");
        Services.assumePostgres();
        int count = Integer.getInteger("bench.scale.instances", 2);
        try (SharedStore store = SharedStore.create()) {
            int before = connections(store.database);
            Map<String, String> properties = store.properties();
            // a shared, loaded machine: a slow answer is not an outage here
            properties.put("authbridge.store.timeout", "20s");
            properties.put("spring.r2dbc.pool.max-acquire-time", "20s");
            properties.putAll(GatewayInstance.route(0, "api", "/api", store.upstream.baseUrl(), "signalwire"));
            List<GatewayInstance> instances = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                instances.add(store.start(properties));
            }
            int idle = connections(store.database) - before;

            // store reads per cold token: one request to each instance, each a cache miss
            IssuedToken cold = instances.get(0).newProjectKey();
            double readsBefore = tokenReads(instances);
            for (GatewayInstance instance : instances) {
                assertThat(MultiInstancePostgresTest.status(instance, cold.secret())).isEqualTo(200);
            }
            double coldReads = (tokenReads(instances) - readsBefore) / count;

            double publishedBefore = sum(instances, "authbridge.invalidation.published");
            double receivedBefore = sum(instances, "authbridge.invalidation.received");
            List<Long> lags = new ArrayList<>();
            for (int i = 0; i < CHANGES; i++) {
                GatewayInstance changer = instances.get(i % count);
                IssuedToken key = changer.newProjectKey();
                for (GatewayInstance instance : instances) {
                    assertThat(MultiInstancePostgresTest.status(instance, key.secret())).isEqualTo(200);
                }
                long start = System.nanoTime();
                MultiInstancePostgresTest.disable(changer, key.stored());
                long slowest = 0;
                for (GatewayInstance observer : instances) {
                    if (observer != changer) {
                        MultiInstancePostgresTest.millisUntilRejected(observer, key.secret(), Duration.ofSeconds(5));
                        slowest = (System.nanoTime() - start) / 1_000_000;
                    }
                }
                lags.add(slowest);
            }
            double published = sum(instances, "authbridge.invalidation.published") - publishedBefore;
            double received = sum(instances, "authbridge.invalidation.received") - receivedBefore;
            int busy = connections(store.database) - before;
            Collections.sort(lags);
            System.out.printf("SCALING instances=%d pg_connections_idle=%d (%.1f per instance) pg_connections_after_load=%d "
                    + "(%.1f per instance) store_reads_per_cold_token_per_instance=%.1f notices_published_per_change=%.2f "
                    + "notices_received_per_change=%.2f lag_until_all_others_refuse_ms p50=%d p99=%d max=%d (%d changes)%n",
                    // each round makes two changes: a key is created (a notice: no instance may keep it as
                    // unknown) and disabled
                    count, idle, idle / (double) count, busy, busy / (double) count, coldReads, published / (2.0 * CHANGES),
                    received / (2.0 * CHANGES), MultiInstancePostgresTest.percentile(lags, 0.5),
                    MultiInstancePostgresTest.percentile(lags, 0.99), lags.get(lags.size() - 1), CHANGES);
            assertThat(MultiInstancePostgresTest.percentile(lags, 0.99)).as("p99 lag, ms").isLessThan(1000);
        }
    }

    private static double tokenReads(List<GatewayInstance> instances) {
        double reads = 0;
        for (GatewayInstance instance : instances) {
            var timer = instance.meters().find("authbridge.store.reads").tag("query", "token").timer();
            reads += timer == null ? 0 : timer.count();
        }
        return reads;
    }

    private static double sum(List<GatewayInstance> instances, String counter) {
        double total = 0;
        for (GatewayInstance instance : instances) {
            var meter = instance.meters().find(counter).counter();
            total += meter == null ? 0 : meter.count();
        }
        return total;
    }

    /** Connections to the database, as PostgreSQL counts them (pooled and LISTEN), minus this query's own. */
    private static int connections(String database) throws Exception {
        try (Connection admin = DriverManager.getConnection(Services.jdbcUrl("test"), Services.PG_USER, "");
                Statement statement = admin.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
