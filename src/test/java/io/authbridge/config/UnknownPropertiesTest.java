package io.authbridge.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Unknown {@code authbridge.*} properties, in every source and spelling Spring Boot reads. */
class UnknownPropertiesTest {

    private final UnknownProperties check = UnknownProperties.fromMetadata(getClass().getClassLoader());

    @Test
    void knownPropertiesInEverySpellingPass() {
        StandardEnvironment environment = environment(Map.of(
                "authbridge.token-cache.expire-after-write", "5m",
                "authbridge.tokenCache.maximumSize", "10",
                "authbridge.credentials.query-parameters[0]", "access_token",
                "authbridge.trusted-proxies", "10\\..*",
                "server.port", "8080"), Map.of(
                "AUTHBRIDGE_BOOTSTRAP_ADMIN_EMAIL", "a@b.test",
                "AUTHBRIDGE_TOKENCACHE_NEGATIVETTL", "1s",
                "AUTHBRIDGE_CREDENTIALS_QUERY_PARAMETERS_0", "token",
                "PATH", "/usr/bin"));

        assertThat(check.problems(environment)).isEmpty();
    }

    @Test
    void misspeltPropertiesAreNamedWithTheirSource() {
        StandardEnvironment environment = environment(Map.of(
                "authbridge.token-cache.expire-after-wirte", "5m",
                "authbridge.token-cache.maximum-size-records", "10",
                "authbridge.bootstrap", "x"), Map.of(
                "AUTHBRIDGE_BOOTSTRAP_ADMIN_EMIAL", "a@b.test"));

        assertThat(check.problems(environment)).extracting(ConfigurationProblem::argument)
            .containsExactlyInAnyOrder("authbridge.token-cache.expire-after-wirte", "authbridge.token-cache.maximum-size-records",
                    "authbridge.bootstrap", "AUTHBRIDGE_BOOTSTRAP_ADMIN_EMIAL");
    }

    @Test
    void theVariablesKubernetesAddsForAServiceAreNotOurs() {
        StandardEnvironment environment = environment(Map.of(), Map.of(
                "AUTHBRIDGE_SERVICE_HOST", "10.0.0.1",
                "AUTHBRIDGE_SERVICE_PORT", "8080",
                "AUTHBRIDGE_SERVICE_PORT_HTTP", "8080",
                "AUTHBRIDGE_PORT", "tcp://10.0.0.1:8080",
                "AUTHBRIDGE_PORT_8080_TCP", "tcp://10.0.0.1:8080",
                "AUTHBRIDGE_PORT_8080_TCP_ADDR", "10.0.0.1",
                "AUTHBRIDGE_MANAGEMENT_SERVICE_HOST", "10.0.0.2"));

        assertThat(check.problems(environment)).isEmpty();
    }

    private static StandardEnvironment environment(Map<String, Object> properties, Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("test properties", new LinkedHashMap<>(properties)));
        environment.getPropertySources()
            .addLast(new SystemEnvironmentPropertySource("systemEnvironment", new LinkedHashMap<>(variables)));
        ConfigurationPropertySources.attach(environment);
        return environment;
    }
}
