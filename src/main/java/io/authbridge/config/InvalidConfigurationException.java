package io.authbridge.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration has problems AuthBridge refuses to run with (or to refresh to). Thrown before any port
 * opens; {@link StrictConfigurationFailureAnalyzer} turns it into Spring Boot's failure analysis.
 */
class InvalidConfigurationException extends RuntimeException {

    private final List<ConfigurationProblem> problems;

    InvalidConfigurationException(List<ConfigurationProblem> problems) {
        super(problems.stream().map(ConfigurationProblem::toString).collect(Collectors.joining("; ")), null, false,
                false);
        this.problems = List.copyOf(problems);
    }

    List<ConfigurationProblem> problems() {
        return problems;
    }
}
