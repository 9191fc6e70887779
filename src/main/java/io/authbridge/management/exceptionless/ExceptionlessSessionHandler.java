package io.authbridge.management.exceptionless;

import io.authbridge.management.Caller;
import io.authbridge.management.session.SessionService;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v2/auth/login} and {@code GET /api/v2/auth/logout}. */
final class ExceptionlessSessionHandler {

    private final SessionService sessions;

    ExceptionlessSessionHandler(SessionService sessions) {
        this.sessions = sessions;
    }

    Mono<ServerResponse> login(ServerRequest request, String clientIp, JsonNode body) {
        String email = ExceptionlessRequests.requiredText(body, "email", "Email");
        String password = ExceptionlessRequests.password(body, true);
        return sessions.login(email, password, clientIp)
            .flatMap(issued -> ExceptionlessResponses.secret(HttpStatus.OK, new ExceptionlessViews.Login(issued.secret())));
    }

    Mono<ServerResponse> logout(ServerRequest request, Caller caller) {
        return sessions.logout(caller).then(ServerResponse.ok().build());
    }
}
