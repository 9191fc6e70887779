package io.authbridge.shutdown;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * The drain, started by the application context's close (Spring Boot's SIGTERM hook closes it): readiness
 * becomes {@code REFUSING_TRAFFIC} at once, then the closing thread waits for the drain before any lifecycle
 * stops, so the port, the store's connections and the invalidation listener all keep working while load
 * balancers notice the readiness probe. {@link #draining()} tells the {@link ConnectionCloseWebFilter} to ask
 * every client to reconnect elsewhere. It runs before every other listener of the close, among them the one
 * that closes the management port's context, so that probes read DOWN rather than a refused connection.
 */
final class Drain implements ApplicationListener<ContextClosedEvent>, Ordered {

    private static final Log log = LogFactory.getLog(Drain.class);

    private final Duration duration;

    private volatile boolean draining;

    Drain(Duration duration) {
        this.duration = duration;
    }

    boolean draining() {
        return draining;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (draining || event.getApplicationContext().getParent() != null) {
            // once, for the application's own context (not the management port's child)
            return;
        }
        draining = true;
        AvailabilityChangeEvent.publish(event.getApplicationContext(), ReadinessState.REFUSING_TRAFFIC);
        if (duration.isZero()) {
            return;
        }
        log.info("Shutdown: readiness DOWN, draining for " + duration.toMillis() + " ms before the port closes");
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
