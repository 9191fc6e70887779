package io.authbridge.management.exceptionless;

import java.util.Map;

import io.authbridge.management.JsonBodies;
import io.authbridge.management.ManagementAuthentication;
import io.authbridge.management.ManagementException;
import io.authbridge.management.ManagementService;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code POST /api/v2/auth/login} and {@code GET /api/v2/auth/logout}. */
final class ExceptionlessAuthHandler {

    private final ManagementService service;

    private final ManagementAuthentication authentication;

    private final JsonBodies bodies;

    ExceptionlessAuthHandler(ManagementService service, ManagementAuthentication authentication, JsonBodies bodies) {
        this.service = service;
        this.authentication = authentication;
        this.bodies = bodies;
    }

    Mono<ServerResponse> login(ServerRequest request) {
        return bodies.read(request, false).flatMap(body -> {
            String email = ExceptionlessRequests.requiredText(body, "email", "Email");
            String password = ExceptionlessRequests.text(body, "password");
            if (password == null || password.isEmpty()) {
                throw ManagementException.invalid("password", "The Password field is required.");
            }
            if (password.length() < 6 || password.length() > 100) {
                throw ManagementException.invalid("password",
                        "The field Password must be a string with a minimum length of 6 and a maximum length of 100.");
            }
            return service.login(email, password, ManagementAuthentication.clientIp(request));
        }).flatMap(issued -> ServerResponse.ok()
            .contentType(MediaType.APPLICATION_JSON)
            .headers(headers -> headers.setCacheControl("no-store"))
            .bodyValue(Map.of("token", issued.secret())));
    }

    Mono<ServerResponse> logout(ServerRequest request) {
        return authentication.authenticate(request)
            .flatMap(caller -> service.logout(caller, ManagementAuthentication.clientIp(request)))
            .then(ServerResponse.ok().build());
    }
}
