package io.authbridge.management;

import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * What a management handler needs before it runs, done once and in this order: the caller resolved from its
 * credential (a refused credential is answered before the body is read), then the JSON body. Handlers take
 * both as arguments, so none repeats it and none can forget it; the route table shows which routes are
 * anonymous.
 */
public final class ManagementHandlers {

    /** A handler of a request whose caller is known. */
    @FunctionalInterface
    public interface WithCaller {
        Mono<ServerResponse> handle(ServerRequest request, Caller caller);
    }

    /** A handler of a request whose caller is known and whose body is a JSON object. */
    @FunctionalInterface
    public interface WithBody {
        Mono<ServerResponse> handle(ServerRequest request, Caller caller, JsonNode body);
    }

    /** A handler of an anonymous request (a login) with a JSON object body. */
    @FunctionalInterface
    public interface Anonymous {
        Mono<ServerResponse> handle(ServerRequest request, String clientIp, JsonNode body);
    }

    private final ManagementAuthentication authentication;

    private final JsonBodies bodies;

    private final boolean basicProjectOnly;

    ManagementHandlers(ManagementAuthentication authentication, JsonBodies bodies, boolean basicProjectOnly) {
        this.authentication = authentication;
        this.bodies = bodies;
        this.basicProjectOnly = basicProjectOnly;
    }

    /** The same, taking only {@code Basic project_id:token}: the caller acts in one project, as SignalWire has it. */
    public ManagementHandlers basicProjectCredentialOnly() {
        return new ManagementHandlers(authentication, bodies, true);
    }

    public HandlerFunction<ServerResponse> caller(WithCaller handler) {
        return request -> authentication.authenticate(request, basicProjectOnly).flatMap(caller -> handler.handle(request, caller));
    }

    /** A required body: an empty one is refused. */
    public HandlerFunction<ServerResponse> callerAndBody(WithBody handler) {
        return withBody(handler, false);
    }

    /** An optional body: an empty one reads as {@code {}}. */
    public HandlerFunction<ServerResponse> callerAndOptionalBody(WithBody handler) {
        return withBody(handler, true);
    }

    public HandlerFunction<ServerResponse> anonymous(Anonymous handler) {
        return request -> bodies.read(request, false)
            .flatMap(body -> handler.handle(request, ManagementAuthentication.clientIp(request), body));
    }

    private HandlerFunction<ServerResponse> withBody(WithBody handler, boolean optional) {
        return request -> authentication.authenticate(request, basicProjectOnly)
            .flatMap(caller -> bodies.read(request, optional).flatMap(body -> handler.handle(request, caller, body)));
    }
}
