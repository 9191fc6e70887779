package io.authbridge.authentication;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The per-client limit on failed authentications that had to read the store: an unknown-token flood from
 * one client costs at most {@code burst} store reads, then {@code per-second}, while its cached tokens and
 * every other client keep working.
 *
 * @param enabled whether the limit applies
 * @param perSecond failed lookups a client earns back per second
 * @param burst failed lookups a client may make before the limit applies
 * @param penalty how long a client over its limit waits for its 429: a flood's connections are held
 *     (at no CPU cost) instead of being answered as fast as it can send
 */
@ConfigurationProperties("authbridge.authentication.failure-limit")
record FailureLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("5") double perSecond,
        @DefaultValue("50") int burst, @DefaultValue("1s") java.time.Duration penalty) {

    public FailureLimitProperties {
        if (perSecond <= 0 || burst < 1 || penalty == null || penalty.isNegative()) {
            throw new IllegalArgumentException("authbridge.authentication.failure-limit: per-second must be positive "
                    + "burst at least 1 and penalty not negative");
        }
    }
}
