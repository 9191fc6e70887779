package io.authbridge.config;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.factory.GatewayFilterFactory;
import org.springframework.cloud.gateway.handler.predicate.RoutePredicateFactory;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks the whole configuration once every bean exists and before the web servers start (they start when the
 * context's refresh finishes, after this), so a refused configuration never opens a port; and the route refresh,
 * which checks each new route set alike.
 */
@Configuration(proxyBeanMethods = false)
class StrictConfiguration {

    private static final Log log = LogFactory.getLog(StrictConfiguration.class);

    @Bean
    @SuppressWarnings("rawtypes")
    RouteValidator routeValidator(List<GatewayFilterFactory> filterFactories,
            List<RoutePredicateFactory> predicateFactories, GatewayProperties gatewayProperties,
            ConfigurationService configurationService) {
        return new RouteValidator(filterFactories, predicateFactories, gatewayProperties, configurationService);
    }

    @Bean
    UnknownProperties unknownProperties() {
        UnknownProperties unknown = UnknownProperties.fromMetadata(StrictConfiguration.class.getClassLoader());
        if (!unknown.described()) {
            log.warn("No configuration metadata on the class path: unknown authbridge.* properties are not checked");
        }
        return unknown;
    }

    @Bean
    @ConditionalOnAvailableEndpoint
    RouteRefreshEndpoint routeRefreshEndpoint(ContextRefresher refresher, RouteDefinitionLocator routeDefinitionLocator,
            GatewayProperties gatewayProperties, RouteValidator validator, UnknownProperties unknownProperties,
            ConfigurableEnvironment environment, ApplicationEventPublisher publisher, MeterRegistry meters) {
        return new RouteRefreshEndpoint(refresher, routeDefinitionLocator, gatewayProperties, validator,
                unknownProperties, environment, publisher, meters);
    }

    @Bean
    SmartInitializingSingleton strictConfigurationCheck(RouteValidator validator,
            RouteDefinitionLocator routeDefinitionLocator, UnknownProperties unknownProperties,
            ConfigurableEnvironment environment) {
        return () -> {
            List<ConfigurationProblem> problems = new ArrayList<>();
            if (ManagementPortType.get(environment) == ManagementPortType.SAME) {
                problems.add(new ConfigurationProblem(null, "management.server.port", "the actuator is never served "
                        + "on the gateway's port: give it a port of its own (default 9090), or -1 to turn it off"));
            }
            problems.addAll(unknownProperties.problems(environment));
            List<RouteDefinition> routes = routeDefinitionLocator.getRouteDefinitions().collectList().block();
            problems.addAll(validator.problems(routes == null ? List.of() : routes));
            if (!problems.isEmpty()) {
                throw new InvalidConfigurationException(problems);
            }
        };
    }
}
