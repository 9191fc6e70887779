package io.authbridge.invalidation;

import java.time.Duration;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-instance cache invalidation over PostgreSQL {@code LISTEN/NOTIFY}; active only when the store is
 * PostgreSQL. A lost notification is bounded by {@code authbridge.token-cache.expire-after-write}.
 *
 * @param enabled whether instances sharing a PostgreSQL store tell each other about token changes
 * @param channel the notification channel every instance listens on (an unquoted SQL identifier)
 * @param reconnectDelay how long the listener waits before it reconnects after losing its connection
 * @param keepAliveInterval how often the listener checks its connection, so that a silently dropped one is
 *     noticed and replaced
 * @param keepAliveTimeout how long that check may take before the connection counts as lost
 */
@ConfigurationProperties("authbridge.invalidation")
record InvalidationProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue("authbridge_tokens") String channel, @DefaultValue("1s") Duration reconnectDelay,
        @DefaultValue("5s") Duration keepAliveInterval, @DefaultValue("2s") Duration keepAliveTimeout) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public InvalidationProperties {
        if (!IDENTIFIER.matcher(channel).matches()) {
            throw new IllegalArgumentException("authbridge.invalidation.channel must be a lower-case SQL identifier, not '"
                    + channel + "'");
        }
        requirePositive(reconnectDelay, "reconnect-delay");
        requirePositive(keepAliveInterval, "keep-alive-interval");
        requirePositive(keepAliveTimeout, "keep-alive-timeout");
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("authbridge.invalidation." + name + " must be a positive duration");
        }
    }
}
