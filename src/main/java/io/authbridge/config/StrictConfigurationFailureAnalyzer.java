package io.authbridge.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * The one message an operator reads when the configuration is refused: each problem on a line of its own,
 * naming the route and the argument (registered in {@code META-INF/spring.factories}).
 */
class StrictConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        StringBuilder description = new StringBuilder("AuthBridge refused its configuration:\n");
        for (ConfigurationProblem problem : cause.problems()) {
            description.append("\n    ").append(problem);
        }
        return new FailureAnalysis(description.toString(),
                "Correct the named routes' filter arguments or metadata and the named properties (see the README's "
                        + "Routes and Properties sections). AuthBridge never starts with a route it cannot enforce "
                        + "exactly as written.",
                cause);
    }
}
