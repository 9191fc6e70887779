package io.authbridge.scale;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two AuthBridge instances on one PostgreSQL database of their own ({@link SharedStore}), started with the same
 * properties before a test class's first test and stopped, database dropped, after its last, for the tests of what
 * one instance's change does on the other. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TwoInstances instances = new TwoInstances((properties, upstream) ->
 *         properties.putAll(GatewayInstance.route(0, "api", "/api", upstream, "signalwire")));
 * }</pre>
 *
 * When PostgreSQL (or Redis, if {@link #requiringRedis() required}) does not answer, nothing is started and every
 * test skips, naming the service on the console ({@link Services#assumePostgres()}).
 */
final class TwoInstances implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    /** A test class's own properties, added to the store's connection properties before both instances start. */
    @FunctionalInterface
    interface Properties {

        /** Adds to {@code properties}; {@code upstream} is the base URL of the store's upstream answering 200. */
        void add(Map<String, String> properties, String upstream) throws Exception;
    }

    private final Properties own;

    private final boolean redis;

    private SharedStore store;

    private GatewayInstance a;

    private GatewayInstance b;

    TwoInstances(Properties own) {
        this(own, false);
    }

    private TwoInstances(Properties own, boolean redis) {
        this.own = own;
        this.redis = redis;
    }

    /** The same instances, skipped also when Redis does not answer. */
    TwoInstances requiringRedis() {
        return new TwoInstances(own, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!Services.postgresAvailable() || redis && !Services.redisAvailable()) {
            return; // every test skips, naming the service (beforeEach)
        }
        store = SharedStore.create();
        Map<String, String> properties = store.properties();
        own.add(properties, store.upstream.baseUrl());
        a = store.start(properties);
        b = store.start(properties);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Services.assumePostgres();
        if (redis) {
            Services.assumeRedis();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (store != null) {
            store.close();
        }
    }

    GatewayInstance a() {
        return a;
    }

    GatewayInstance b() {
        return b;
    }

    /** The instance that is not {@code instance}. */
    GatewayInstance other(GatewayInstance instance) {
        return instance == a ? b : a;
    }

    /** The upstream of both instances' routes, answering 200 and recording what it received. */
    WireMockServer upstream() {
        return store.upstream;
    }
}
