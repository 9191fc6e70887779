package io.authbridge.tracing;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Turns the request-path observations on only when traces go somewhere. application.yml switches off Spring's
 * server observation and the gateway's client observation: without a tracer they cost CPU on every request for
 * nothing (see bench/README.md, "Profile"). With an OTLP tracing endpoint set (Spring Boot's
 * {@code management.opentelemetry.tracing.export.otlp.endpoint}, or the older
 * {@code management.otlp.tracing.endpoint}) both are switched back on, so the server span picks up the client's
 * {@code traceparent} and the gateway's client span propagates it to the upstream.
 */
public final class TracingSwitch implements EnvironmentPostProcessor, Ordered {

    static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    static final String LEGACY_ENDPOINT = "management.otlp.tracing.endpoint";

    /** After the configuration files are read. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Whether an OTLP tracing endpoint is configured. */
    public static boolean enabled(Environment environment) {
        return StringUtils.hasText(environment.getProperty(ENDPOINT))
                || StringUtils.hasText(environment.getProperty(LEGACY_ENDPOINT));
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!enabled(environment)) {
            return;
        }
        environment.getPropertySources().addFirst(new MapPropertySource("authbridgeTracing", Map.of(
                "management.observations.enable.http.server.requests", "true",
                "spring.cloud.gateway.server.webflux.observability.enabled", "true")));
    }
}
