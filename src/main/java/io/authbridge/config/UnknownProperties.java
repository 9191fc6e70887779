package io.authbridge.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds {@code authbridge.*} properties that nothing reads: a misspelt {@code authbridge.token-cache.expire-after-wirte}
 * would otherwise leave the default in force without a word. The known properties are those of the configuration
 * metadata ({@code META-INF/spring-configuration-metadata.json}, generated from the {@code @ConfigurationProperties}
 * records, plus {@code additional-spring-configuration-metadata.json} for the few read otherwise), so every property
 * AuthBridge reads must be described there. Environment variables are compared in their environment spelling
 * ({@code AUTHBRIDGE_TOKEN_CACHE_EXPIRE_AFTER_WRITE}); the variables Kubernetes adds for a service named
 * {@code authbridge...} ({@code AUTHBRIDGE_SERVICE_HOST}, {@code AUTHBRIDGE_PORT_8080_TCP}, ...) are not ours.
 */
final class UnknownProperties {

    private static final String PREFIX = "authbridge";

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);

    /** The test suite's own switches (database and Redis addresses), read as system properties by tests only. */
    private static final ConfigurationPropertyName TEST_SWITCHES = ConfigurationPropertyName.of(PREFIX + ".test");

    /** What Kubernetes injects for every service in the namespace whose name starts with {@code authbridge}. */
    private static final Pattern KUBERNETES_VARIABLE = Pattern
        .compile("AUTHBRIDGE(_[A-Z0-9_]+)?_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_\\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)");

    private final List<Known> known;

    /** Whether any metadata described AuthBridge's properties: without it, nothing can be told unknown. */
    private final boolean described;

    private UnknownProperties(List<Known> known) {
        this.known = known;
        this.described = !known.isEmpty();
    }

    boolean described() {
        return described;
    }

    /** One known property; a container (list, map, array) also admits what lies below it. */
    private record Known(ConfigurationPropertyName name, boolean container, List<String> environmentSpellings) {

        static Known of(String name, String type) {
            String upper = name.toUpperCase(Locale.ROOT).replace('.', '_');
            boolean container = type != null && (type.startsWith("java.util.Map") || type.startsWith("java.util.List")
                    || type.startsWith("java.util.Set") || type.startsWith("java.util.Collection") || type.endsWith("[]"));
            return new Known(ConfigurationPropertyName.of(name), container,
                    List.of(upper.replace("-", ""), upper.replace('-', '_')));
        }

        boolean admits(ConfigurationPropertyName candidate) {
            if (name.equals(candidate)) {
                return true;
            }
            return name.isAncestorOf(candidate)
                    && (container || candidate.isNumericIndex(name.getNumberOfElements()));
        }

        boolean admitsVariable(String variable) {
            for (String spelling : environmentSpellings) {
                if (variable.equals(spelling) || variable.startsWith(spelling + "_") && (container
                        || variable.substring(spelling.length() + 1).chars().allMatch(Character::isDigit))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The properties described by every configuration metadata file on the class path. */
    static UnknownProperties fromMetadata(ClassLoader classLoader) {
        List<Known> known = new ArrayList<>();
        JsonMapper json = JsonMapper.builder().build();
        try {
            Enumeration<URL> files = classLoader.getResources("META-INF/spring-configuration-metadata.json");
            while (files.hasMoreElements()) {
                try (InputStream in = files.nextElement().openStream()) {
                    JsonNode properties = json.readTree(in).path("properties");
                    for (JsonNode property : properties) {
                        String name = property.path("name").asString("");
                        if (name.startsWith(PREFIX + ".")) {
                            known.add(Known.of(name, property.path("type").asString(null)));
                        }
                    }
                }
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("AuthBridge's configuration metadata could not be read", ex);
        }
        return new UnknownProperties(List.copyOf(known));
    }

    /** Every {@code authbridge.*} property of the environment that no metadata describes. */
    List<ConfigurationProblem> problems(ConfigurableEnvironment environment) {
        Map<String, ConfigurationProblem> problems = new LinkedHashMap<>();
        if (!described) {
            return List.of();
        }
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                continue; // a view of the sources below
            }
            if (source instanceof SystemEnvironmentPropertySource variables) {
                for (String variable : variables.getPropertyNames()) {
                    if (variable.toUpperCase(Locale.ROOT).startsWith(PREFIX.toUpperCase(Locale.ROOT) + "_")
                            && !isKnownVariable(variable.toUpperCase(Locale.ROOT))) {
                        problems.putIfAbsent(variable,
                                new ConfigurationProblem(null, variable, "unknown property (an environment variable)"));
                    }
                }
            }
            else if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String property : enumerable.getPropertyNames()) {
                    ConfigurationPropertyName name = ConfigurationPropertyName.adapt(property, '.');
                    if (ROOT.isAncestorOf(name) && !TEST_SWITCHES.isAncestorOf(name) && !isKnown(name)) {
                        problems.putIfAbsent(name.toString(), new ConfigurationProblem(null, property,
                                "unknown property (in " + source.getName() + ")"));
                    }
                }
            }
        }
        return List.copyOf(problems.values());
    }

    private boolean isKnown(ConfigurationPropertyName name) {
        for (Known property : known) {
            if (property.admits(name)) {
                return true;
            }
        }
        return false;
    }

    private boolean isKnownVariable(String variable) {
        if (KUBERNETES_VARIABLE.matcher(variable).matches() || variable.startsWith("AUTHBRIDGE_TEST_")) {
            return true;
        }
        for (Known property : known) {
            if (property.admitsVariable(variable)) {
                return true;
            }
        }
        return false;
    }
}
