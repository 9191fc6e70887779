package io.authbridge.error;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultDialect the error body dialect of routes whose metadata names none, and of requests that
 *     match no route
 */
@ConfigurationProperties("authbridge.errors")
public record ErrorProperties(@DefaultValue("signalwire") ErrorDialect defaultDialect) {
}
