package io.authbridge.invalidation;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.authbridge.token.TokenCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Listens for token change notices on a connection of its own (a pooled one would be handed to queries and
 * lose the {@code LISTEN}) and forgets each changed token in this instance's cache. A connection that drops
 * or stops answering its keep-alive is replaced after {@code reconnect-delay}, forever; on every
 * (re)connection the whole token cache is dropped once, because notices sent while nobody listened are lost.
 */
final class PostgresNotificationListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PostgresNotificationListener.class);

    private final ConnectionFactory connections;

    private final TokenCache cache;

    private final InvalidationProperties properties;

    private final Clock clock;

    private final AtomicBoolean listening = new AtomicBoolean();

    private final AtomicBoolean everConnected = new AtomicBoolean();

    private final Timer lag;

    private final Counter received;

    private final Counter resyncs;

    private final Counter connectionLosses;

    private volatile Disposable subscription;

    PostgresNotificationListener(ConnectionFactory connections, TokenCache cache, InvalidationProperties properties,
            Clock clock, MeterRegistry meters) {
        this.connections = connections;
        this.cache = cache;
        this.properties = properties;
        this.clock = clock;
        this.lag = Timer.builder("authbridge.invalidation.lag")
            .description("From a token change being announced to this instance forgetting it")
            .publishPercentiles(0.5, 0.99)
            .publishPercentileHistogram()
            .register(meters);
        this.received = Counter.builder("authbridge.invalidation.received")
            .description("Token change notices received")
            .register(meters);
        this.resyncs = Counter.builder("authbridge.invalidation.resyncs")
            .description("Times the whole token cache was dropped after (re)connecting the listener")
            .register(meters);
        this.connectionLosses = Counter.builder("authbridge.invalidation.connection.losses")
            .description("Times the listener lost its connection to the store")
            .register(meters);
        Gauge.builder("authbridge.invalidation.listening", listening, flag -> flag.get() ? 1 : 0)
            .description("1 while this instance receives token change notices")
            .register(meters);
    }

    @Override
    public void start() {
        subscription = Flux.usingWhen(connections.create(), this::listen, connection -> connection.close())
            // a session only ends by failing; completing means the server closed the connection
            .then(Mono.<Void>error(() -> new IllegalStateException("the listener connection was closed")))
            .doOnError(this::lost)
            .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, properties.reconnectDelay()))
            .subscribe();
    }

    private Flux<Object> listen(io.r2dbc.spi.Connection connection) {
        PostgresqlConnection postgres = (PostgresqlConnection) connection;
        Flux<Object> notices = postgres.createStatement("LISTEN " + properties.channel())
            .execute()
            .flatMap(result -> result.getRowsUpdated())
            .then(Mono.fromRunnable(this::connected))
            .thenMany(postgres.getNotifications())
            .doOnNext(this::onNotification)
            .cast(Object.class);
        return notices.mergeWith(keepAlive(postgres));
    }

    /** Fails when the connection no longer answers, which ends the session and starts a new one. */
    private Flux<Object> keepAlive(PostgresqlConnection connection) {
        return Flux.interval(properties.keepAliveInterval())
            .concatMap(tick -> connection.createStatement("SELECT 1")
                .execute()
                .flatMap(result -> result.map((row, meta) -> 1))
                .then()
                .timeout(properties.keepAliveTimeout()))
            .thenMany(Flux.empty());
    }

    private void connected() {
        boolean reconnected = everConnected.getAndSet(true);
        // notices sent while nobody listened are lost: start again from the store
        cache.invalidateAll();
        resyncs.increment();
        listening.set(true);
        if (reconnected) {
            log.info("Token change listener reconnected to the store; dropped the token cache once");
        }
        else {
            log.info("Listening for token changes on channel '{}'", properties.channel());
        }
    }

    private void lost(Throwable failure) {
        if (listening.getAndSet(false)) {
            connectionLosses.increment();
            log.warn("Token change listener lost the store ({}); reconnecting every {}, cached records are trusted "
                    + "at most expire-after-write meanwhile", failure.getClass().getSimpleName(),
                    properties.reconnectDelay());
        }
    }

    private void onNotification(Notification notification) {
        if (!properties.channel().equals(notification.getName()) || notification.getParameter() == null) {
            return;
        }
        ChangeNotice notice = ChangeNotice.parse(notification.getParameter());
        cache.invalidate(notice.secretHash());
        received.increment();
        if (notice.sentAtMillis() != ChangeNotice.UNKNOWN_TIME) {
            lag.record(Math.max(0, clock.millis() - notice.sentAtMillis()), TimeUnit.MILLISECONDS);
        }
    }

    /** Whether notices are being received now. */
    boolean isListening() {
        return listening.get();
    }

    @Override
    public void stop() {
        Disposable current = subscription;
        if (current != null) {
            current.dispose();
        }
        listening.set(false);
    }

    @Override
    public boolean isRunning() {
        Disposable current = subscription;
        return current != null && !current.isDisposed();
    }
}
