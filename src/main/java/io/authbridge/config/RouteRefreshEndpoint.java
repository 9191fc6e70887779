package io.authbridge.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.CachingRouteLocator;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * {@code POST /actuator/refresh} (management port only): re-reads the configuration files, checks the new route
 * set with the startup checks ({@link RouteValidator}, unknown {@code authbridge.*} properties) and swaps the
 * routes only when it passes. A refused set is answered 422 with each problem (route, argument, reason) while
 * the previous routes keep serving, and the Environment is put back as it was (its property sources, and the
 * configuration properties bound from them), so no later refresh or reader sees a refused value; the swap itself is the gateway's: the route cache is replaced whole, and
 * each request keeps the route it was matched to. Refreshes are counted in {@code authbridge.route.refreshes}
 * ({@code outcome=success|refused}).
 * <p>
 * Replaces Spring Cloud's own {@code refresh} endpoint (its auto-configuration is excluded in
 * {@code application.yml}), which would swap in any route set and answer 200. Only routes (and the
 * gateway's other {@code spring.cloud.gateway.*} settings) take effect without a restart: {@code authbridge.*}
 * settings are read at startup.
 */
@Endpoint(id = "refresh")
class RouteRefreshEndpoint implements ApplicationListener<RefreshRoutesResultEvent> {

    private static final Log log = LogFactory.getLog(RouteRefreshEndpoint.class);

    private static final Duration SWAP_TIMEOUT = Duration.ofSeconds(30);

    private final ContextRefresher refresher;

    private final RouteDefinitionLocator definitions;

    private final GatewayProperties gatewayProperties;

    private final RouteValidator validator;

    private final UnknownProperties unknownProperties;

    private final ConfigurableEnvironment environment;

    private final ApplicationEventPublisher publisher;

    private final Counter succeeded;

    private final Counter refused;

    private volatile CompletableFuture<RefreshRoutesResultEvent> pending;

    RouteRefreshEndpoint(ContextRefresher refresher, RouteDefinitionLocator definitions,
            GatewayProperties gatewayProperties, RouteValidator validator, UnknownProperties unknownProperties,
            ConfigurableEnvironment environment, ApplicationEventPublisher publisher, MeterRegistry meters) {
        this.refresher = refresher;
        this.definitions = definitions;
        this.gatewayProperties = gatewayProperties;
        this.validator = validator;
        this.unknownProperties = unknownProperties;
        this.environment = environment;
        this.publisher = publisher;
        this.succeeded = refreshes(meters, "success");
        this.refused = refreshes(meters, "refused");
    }

    private static Counter refreshes(MeterRegistry meters, String outcome) {
        return Counter.builder("authbridge.route.refreshes")
            .description("Route refreshes by outcome: success (swapped) or refused (the previous routes kept)")
            .tag("outcome", outcome)
            .register(meters);
    }

    @WriteOperation
    synchronized WebEndpointResponse<Map<String, Object>> refresh() {
        List<RouteDefinition> previousRoutes = new ArrayList<>(gatewayProperties.getRoutes());
        List<FilterDefinition> previousDefaults = new ArrayList<>(gatewayProperties.getDefaultFilters());
        List<PropertySource<?>> previousSources = environment.getPropertySources().stream().toList();
        Set<String> changed = refresher.refreshEnvironment();
        List<ConfigurationProblem> problems = new ArrayList<>();
        problems.addAll(unknownProperties.problems(environment));
        List<RouteDefinition> routes = definitions.getRouteDefinitions().collectList().block(SWAP_TIMEOUT);
        problems.addAll(validator.problems(routes == null ? List.of() : routes));
        if (!problems.isEmpty()) {
            restore(previousSources, changed);
            gatewayProperties.setRoutes(previousRoutes);
            gatewayProperties.setDefaultFilters(previousDefaults);
            refused.increment();
            log.warn("Route refresh refused, the previous routes keep serving: "
                    + new InvalidConfigurationException(problems).getMessage());
            return answer(422, "refused", Map.of("problems", problems.stream().map(RouteRefreshEndpoint::view).toList()));
        }
        RefreshRoutesResultEvent result = swap();
        if (result == null || !result.isSuccess()) {
            restore(previousSources, changed);
            gatewayProperties.setRoutes(previousRoutes);
            gatewayProperties.setDefaultFilters(previousDefaults);
            refused.increment();
            String reason = result == null ? "the gateway did not finish loading the routes in " + SWAP_TIMEOUT.toSeconds()
                    + " s" : "the gateway could not load the routes: " + result.getThrowable().getMessage();
            log.warn("Route refresh refused: " + reason);
            return answer(500, "refused", Map.of("problems", List.of(view(new ConfigurationProblem(null, null, reason)))));
        }
        succeeded.increment();
        List<String> ids = routes.stream().map(RouteDefinition::getId).toList();
        log.info("Routes refreshed: " + ids);
        return answer(200, "refreshed", Map.of("routes", ids, "changed_properties", changed.stream().sorted().toList()));
    }

    /**
     * Puts the Environment's property sources back as they were before a refused refresh, in place (a source
     * the refresh added is removed, one it replaced is put back: readers never see an empty Environment), and
     * has the configuration properties the refresh rebound bind the previous values again.
     */
    private void restore(List<PropertySource<?>> previous, Set<String> changed) {
        MutablePropertySources sources = environment.getPropertySources();
        Set<String> previousNames = new HashSet<>();
        for (PropertySource<?> source : previous) {
            previousNames.add(source.getName());
        }
        for (PropertySource<?> source : sources.stream().toList()) {
            if (!previousNames.contains(source.getName())) {
                sources.remove(source.getName());
            }
        }
        String before = null;
        for (PropertySource<?> source : previous) {
            if (sources.contains(source.getName())) {
                sources.replace(source.getName(), source);
            }
            else if (before == null) {
                sources.addFirst(source);
            }
            else {
                sources.addAfter(before, source);
            }
            before = source.getName();
        }
        if (!changed.isEmpty()) {
            publisher.publishEvent(new EnvironmentChangeEvent(changed));
        }
    }

    /** Asks the gateway to load the routes again and waits for its answer (on this thread when nothing is remote). */
    private RefreshRoutesResultEvent swap() {
        CompletableFuture<RefreshRoutesResultEvent> result = new CompletableFuture<>();
        pending = result;
        try {
            publisher.publishEvent(new RefreshRoutesEvent(this));
            return result.get(SWAP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
        catch (ExecutionException | TimeoutException ex) {
            return null;
        }
        finally {
            pending = null;
        }
    }

    @Override
    public void onApplicationEvent(RefreshRoutesResultEvent event) {
        CompletableFuture<RefreshRoutesResultEvent> waiting = pending;
        if (waiting != null && event.getSource() instanceof CachingRouteLocator) {
            waiting.complete(event);
        }
    }

    private static Map<String, Object> view(ConfigurationProblem problem) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("route", problem.route());
        view.put("argument", problem.argument());
        view.put("reason", problem.reason());
        return view;
    }

    private static WebEndpointResponse<Map<String, Object>> answer(int status, String outcome, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", outcome);
        body.putAll(details);
        return new WebEndpointResponse<>(body, status);
    }
}
