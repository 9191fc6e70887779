package io.authbridge.actuator;

import java.util.Collection;

import org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver;
import org.springframework.boot.actuate.endpoint.web.EndpointMapping;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.webflux.actuate.endpoint.web.WebFluxEndpointHandlerMapping;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The actuator's endpoints, answering only under their base path. The dispatcher asks the actuator's
 * mapping first for every request; for a path outside {@code /actuator} the stock mapping still matched the
 * path against every endpoint's request mapping before giving up: a few percent of every proxied request's
 * CPU. Inside the base path it is the stock mapping.
 */
final class ActuatorHandlerMapping extends WebFluxEndpointHandlerMapping {

    private final String basePath;

    ActuatorHandlerMapping(String basePath, Collection<ExposableWebEndpoint> endpoints, EndpointMediaTypes mediaTypes,
            CorsConfiguration cors, EndpointLinksResolver links, boolean registerLinksMapping) {
        super(new EndpointMapping(basePath), endpoints, mediaTypes, cors, links, registerLinksMapping);
        this.basePath = new EndpointMapping(basePath).getPath();
    }

    @Override
    public Mono<HandlerMethod> getHandlerInternal(ServerWebExchange exchange) {
        return underBasePath(exchange.getRequest().getPath().pathWithinApplication().value())
                ? super.getHandlerInternal(exchange) : Mono.empty();
    }

    boolean underBasePath(String path) {
        return basePath.isEmpty() || path.startsWith(basePath)
                && (path.length() == basePath.length() || path.charAt(basePath.length()) == '/');
    }
}
