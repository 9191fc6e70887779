package io.authbridge.bootstrap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the first start creates when the store has no user.
 *
 * @param adminEmail email of the global administrator
 * @param adminPassword password of the administrator; when empty, one is generated and logged once
 * @param organizationName name of the first organization
 * @param projectName name of the first project
 */
@ConfigurationProperties("authbridge.bootstrap")
record BootstrapProperties(@DefaultValue("admin@authbridge.local") String adminEmail, String adminPassword,
        @DefaultValue("Default Organization") String organizationName,
        @DefaultValue("Default Project") String projectName) {
}
