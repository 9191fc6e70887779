package io.authbridge.shutdown;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway stops.
 *
 * @param drain how long the gateway keeps serving after SIGTERM, with readiness DOWN and every response carrying
 *     Connection: close, before the port closes (then requests in flight get up to
 *     spring.lifecycle.timeout-per-shutdown-phase); 0 closes the port at once
 */
@ConfigurationProperties("authbridge.shutdown")
record ShutdownProperties(@DefaultValue("5s") Duration drain) {

    public ShutdownProperties {
        if (drain.isNegative()) {
            throw new IllegalArgumentException("authbridge.shutdown.drain must not be negative");
        }
    }
}
