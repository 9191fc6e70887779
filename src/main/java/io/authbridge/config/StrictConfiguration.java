package io.authbridge.config;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.factory.GatewayFilterFactory;
import org.springframework.cloud.gateway.handler.predicate.RoutePredicateFactory;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks the whole configuration once every bean exists and before the web servers start (they start when the
 * context's refresh finishes, after this), so a refused configuration never opens a port.
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
    SmartInitializingSingleton strictConfigurationCheck(RouteValidator validator,
            RouteDefinitionLocator routeDefinitionLocator, ConfigurableEnvironment environment) {
        return () -> {
            List<ConfigurationProblem> problems = new ArrayList<>();
            if (ManagementPortType.get(environment) == ManagementPortType.SAME) {
                problems.add(new ConfigurationProblem(null, "management.server.port", "the actuator is never served "
                        + "on the gateway's port: give it a port of its own (default 9090), or -1 to turn it off"));
            }
            UnknownProperties unknown = UnknownProperties.fromMetadata(StrictConfiguration.class.getClassLoader());
            if (unknown == null) {
                log.warn("No configuration metadata on the class path: unknown authbridge.* properties are not checked");
            }
            else {
                problems.addAll(unknown.problems(environment));
            }
            List<RouteDefinition> routes = routeDefinitionLocator.getRouteDefinitions().collectList().block();
            problems.addAll(validator.problems(routes == null ? List.of() : routes));
            if (!problems.isEmpty()) {
                throw new InvalidConfigurationException(problems);
            }
        };
    }
}
