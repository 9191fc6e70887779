package io.authbridge.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of the in-memory token cache. Checked together at startup: a refresh that comes after the hard
 * expiry would never happen.
 *
 * @param expireAfterWrite hard bound on how long a cached record is trusted without a fresh store read
 * @param refreshAfterWrite age after which a cached record is re-read in the background on its next use
 * @param negativeTtl how long a token that the store does not know is remembered as unknown
 * @param maximumSize how many records (known or unknown) the cache holds
 */
@ConfigurationProperties("authbridge.token-cache")
public record TokenCacheProperties(@DefaultValue("5m") Duration expireAfterWrite,
        @DefaultValue("30s") Duration refreshAfterWrite, @DefaultValue("10s") Duration negativeTtl,
        @DefaultValue("1000000") long maximumSize) {

    public TokenCacheProperties {
        requirePositive(expireAfterWrite, "expire-after-write");
        requirePositive(refreshAfterWrite, "refresh-after-write");
        requirePositive(negativeTtl, "negative-ttl");
        if (refreshAfterWrite.compareTo(expireAfterWrite) >= 0) {
            throw new IllegalArgumentException("authbridge.token-cache.refresh-after-write (" + refreshAfterWrite
                    + ") must be shorter than expire-after-write (" + expireAfterWrite + ")");
        }
        if (maximumSize < 1) {
            throw new IllegalArgumentException("authbridge.token-cache.maximum-size must be at least 1");
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("authbridge.token-cache." + name + " must be a positive duration");
        }
    }
}
