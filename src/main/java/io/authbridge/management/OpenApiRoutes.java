package io.authbridge.management;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.json.JsonMapper;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * The OpenAPI document of both management APIs, at {@code /docs/v2/openapi.json} (where Exceptionless
 * serves its own) and {@code /docs/v2/openapi.yaml}. Read and converted once at startup.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiRoutes {

    static final String DOCUMENT = "openapi/management.yaml";

    @Bean
    RouterFunction<ServerResponse> openApiDocument(JsonMapper json) {
        String yaml = read();
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        byte[] asJson = json.writeValueAsBytes(tree);
        return RouterFunctions.nest(request -> request.path().startsWith("/docs/v2/"), route(GET("/docs/v2/openapi.json"),
                request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(asJson))
            .andRoute(GET("/docs/v2/openapi.yaml"),
                    request -> ServerResponse.ok().contentType(MediaType.parseMediaType("application/yaml")).bodyValue(yaml)));
    }

    private static String read() {
        try (InputStream in = new ClassPathResource(DOCUMENT).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + DOCUMENT, ex);
        }
    }
}
