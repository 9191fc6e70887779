package io.authbridge.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web console.
 *
 * @param enabled whether the gateway serves the console at /console/ (the management APIs it uses are served
 *     either way)
 */
@ConfigurationProperties("authbridge.console")
record ConsoleProperties(@DefaultValue("true") boolean enabled) {
}
