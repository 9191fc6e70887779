package io.authbridge.token;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How secrets are protected at rest.
 *
 * @param tokenPepper secret key of the keyed hash (HMAC-SHA256) under which token secrets are stored; every
 *     instance sharing a store must use the same one. When absent, it is read from {@code pepperFile}, or
 *     generated there on first start.
 * @param pepperFile where a generated pepper is kept when {@code tokenPepper} is not set
 */
@ConfigurationProperties("authbridge.security")
record SecurityProperties(String tokenPepper, @DefaultValue("./data/token-pepper") Path pepperFile) {
}
