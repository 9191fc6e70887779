package io.authbridge.accesslog;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the access log goes. Whether it is written at all is the {@code authbridge.access} logger's level
 * ({@code logging.level.authbridge.access=off} turns it off).
 *
 * @param target {@code stdout}: lines are collected off the request path and written to standard output in
 *     batches, one write per {@code flush-interval} (as nginx's {@code access_log ... flush=}), in the format of
 *     the console; {@code logger}: each line is an event of the {@code authbridge.access} logger, for logback's
 *     appenders and encoders (a file, JSON), at about a tenth of a request's CPU more
 * @param flushInterval how long a line may wait before it is written ({@code stdout})
 * @param queueCapacity how many lines may wait; beyond it lines are dropped and counted in
 *     {@code authbridge.access.dropped} rather than slowing requests down ({@code stdout})
 */
@ConfigurationProperties("authbridge.access-log")
record AccessLogProperties(@DefaultValue("stdout") Target target, @DefaultValue("200ms") Duration flushInterval,
        @DefaultValue("65536") int queueCapacity) {

    public AccessLogProperties {
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("authbridge.access-log.flush-interval must be a positive duration");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("authbridge.access-log.queue-capacity must be at least 1");
        }
    }

    public enum Target {
        STDOUT, LOGGER
    }
}
