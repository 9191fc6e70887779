package io.authbridge.lastused;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Write-behind of the tokens' last-used times: requests only note the time in memory; the notes are written
 * to the store in batches, so a busy token costs one write per interval, not one per request.
 *
 * @param enabled whether last-used times are recorded at all
 * @param flushInterval how often the noted times are written; also how stale a listing's last-used time
 *     may be (plus the time since the last instance that saw the token flushed)
 * @param batchSize how many tokens one batched statement updates
 */
@ConfigurationProperties("authbridge.last-used")
record LastUsedProperties(@DefaultValue("true") boolean enabled, @DefaultValue("15s") Duration flushInterval,
        @DefaultValue("500") int batchSize) {

    public LastUsedProperties {
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("authbridge.last-used.flush-interval must be a positive duration");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("authbridge.last-used.batch-size must be at least 1");
        }
    }
}
