package io.authbridge.error;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultDialect the error body dialect of routes whose metadata names none, and of requests that
 *     match no route (except under {@code lamlPaths})
 * @param lamlPaths path prefixes of SignalWire's Compatibility (LaML) API: a request under one of them that
 *     matches no route is answered in the {@code laml} dialect (404 with code 20404), as the Compatibility
 *     SDKs expect; empty for none
 */
@ConfigurationProperties("authbridge.errors")
public record ErrorProperties(ErrorDialect defaultDialect, List<String> lamlPaths) {

    /** The Compatibility API's prefixes, documented ({@code /api/laml}) and as the SDKs send them. */
    static final List<String> DEFAULT_LAML_PATHS = List.of("/api/laml/", "/2010-04-01/");

    @ConstructorBinding
    public ErrorProperties(@DefaultValue("signalwire") ErrorDialect defaultDialect,
            @DefaultValue({ "/api/laml/", "/2010-04-01/" }) List<String> lamlPaths) {
        this.defaultDialect = defaultDialect;
        this.lamlPaths = List.copyOf(lamlPaths);
        for (String prefix : this.lamlPaths) {
            if (!prefix.startsWith("/")) {
                throw new IllegalArgumentException("authbridge.errors.laml-paths: '" + prefix + "' must start with '/'");
            }
        }
    }

    /** The default dialect, with the default LaML paths. */
    public ErrorProperties(ErrorDialect defaultDialect) {
        this(defaultDialect, DEFAULT_LAML_PATHS);
    }
}
