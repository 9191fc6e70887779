package io.authbridge.authentication;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param prefix prefix of the identity headers sent upstream; every incoming header with this prefix is
 *     removed first, so a client cannot forge them
 */
@ConfigurationProperties("authbridge.identity-headers")
record IdentityHeadersProperties(@DefaultValue("X-Auth-") String prefix) {

    public IdentityHeadersProperties {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("authbridge.identity-headers.prefix must not be empty: without it a "
                    + "client could forge every header");
        }
    }
}
