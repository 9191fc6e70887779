package io.authbridge.actuator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.CorsEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.ExposableEndpoint;
import org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.actuate.endpoint.web.WebFluxEndpointHandlerMapping;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The actuator's endpoint mapping on the gateway's own port, built as Spring Boot builds it, but answering
 * only under the actuator's base path ({@link ActuatorHandlerMapping}). With a separate management port the
 * actuator keeps its own mapping there, and the gateway's port has none.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnManagementPort(ManagementPortType.SAME)
@EnableConfigurationProperties(CorsEndpointProperties.class)
class ActuatorConfiguration {

    @Bean
    @SuppressWarnings("removal")
    WebFluxEndpointHandlerMapping webEndpointReactiveHandlerMapping(WebEndpointsSupplier webEndpoints,
            org.springframework.boot.actuate.endpoint.web.annotation.ControllerEndpointsSupplier controllerEndpoints,
            EndpointMediaTypes mediaTypes, CorsEndpointProperties cors, WebEndpointProperties properties) {
        String basePath = properties.getBasePath();
        Collection<ExposableWebEndpoint> endpoints = webEndpoints.getEndpoints();
        List<ExposableEndpoint<?>> all = new ArrayList<>(endpoints);
        all.addAll(controllerEndpoints.getEndpoints());
        // as Spring Boot decides it on the same port: the links page at the base path, when discovery is on
        boolean links = properties.getDiscovery().isEnabled() && StringUtils.hasText(basePath);
        return new ActuatorHandlerMapping(basePath, endpoints, mediaTypes, cors.toCorsConfiguration(),
                new EndpointLinksResolver(all, basePath), links);
    }
}
