package io.authbridge.scale;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The PostgreSQL and Redis of the machine the tests run on ({@code .ci/run} starts them when installed).
 * A test that needs one skips, naming it, when it does not answer; {@code ./mvnw verify} passes without them.
 */
final class Services {

    static final String PG_HOST = System.getProperty("authbridge.test.postgres-host", "127.0.0.1");

    static final int PG_PORT = Integer.getInteger("authbridge.test.postgres-port", 5432);

    static final String PG_USER = "postgres";

    static final String REDIS_HOST = System.getProperty("authbridge.test.redis-host", "127.0.0.1");

    static final int REDIS_PORT = Integer.getInteger("authbridge.test.redis-port", 6379);

    private Services() {
    }

    static boolean postgresAvailable() {
        return reachable(PG_HOST, PG_PORT) && canConnect("test");
    }

    static boolean redisAvailable() {
        return reachable(REDIS_HOST, REDIS_PORT);
    }

    /** Skips the calling test, saying so on the console, when PostgreSQL does not answer. */
    static void assumePostgres() {
        skipUnless(postgresAvailable(), "PostgreSQL is not reachable at " + PG_HOST + ":" + PG_PORT
                + " (user postgres, database test)");
    }

    /** Skips the calling test, saying so on the console, when Redis does not answer. */
    static void assumeRedis() {
        skipUnless(redisAvailable(), "Redis is not reachable at " + REDIS_HOST + ":" + REDIS_PORT);
    }

    private static void skipUnless(boolean available, String reason) {
        if (!available) {
            System.out.println("SKIPPED: " + reason + ": skipping this test");
        }
        assumeTrue(available, reason + ": skipping this test");
    }

    static String redisUrl() {
        return "redis://" + REDIS_HOST + ":" + REDIS_PORT + "/0";
    }

    /** A fresh database of its own for one test class; drop it with {@link #dropDatabase}. */
    static String createDatabase() throws SQLException {
        String name = "authbridge_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection admin = DriverManager.getConnection(jdbcUrl("test"), PG_USER, "");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    static void dropDatabase(String name) {
        if (name == null) {
            return;
        }
        try (Connection admin = DriverManager.getConnection(jdbcUrl("test"), PG_USER, "");
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
        catch (SQLException ex) {
            // a leftover database is harmless; the next run uses a new name
        }
    }

    static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database;
    }

    static String r2dbcUrl(String host, int port, String database) {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
    }

    private static boolean canConnect(String database) {
        try (Connection ignored = DriverManager.getConnection(jdbcUrl(database) + "?connectTimeout=2", PG_USER, "")) {
            return true;
        }
        catch (SQLException ex) {
            return false;
        }
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }
}
