package io.authbridge.management;

import io.authbridge.management.access.Access;
import io.authbridge.management.access.Operation;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * What a management handler needs before it runs, done once and in this order: the caller resolved from its
 * credential (a refused credential is answered before the body is read), for a route with a body whether the caller
 * may attempt its {@link Operation} at all (a caller refused it learns nothing of how its body would be read or
 * validated), then the JSON body. Handlers take them as arguments, so none repeats it and none can forget it; the
 * route table shows which routes are anonymous and which operation each body serves.
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

    /**
     * What the caller must be allowed by the request's path alone (the project or token it names), checked before the
     * body is read; completes when allowed, else fails with the refusal.
     */
    @FunctionalInterface
    public interface Precondition {
        Mono<Void> check(ServerRequest request, Caller caller);
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

    /** A required body, read once the caller may attempt {@code operation}: an empty one is refused. */
    public HandlerFunction<ServerResponse> callerAndBody(Operation operation, WithBody handler) {
        return withBody(operation, NOTHING_MORE, handler, false);
    }

    /** The same, read once {@code precondition} allows the caller what the path names too. */
    public HandlerFunction<ServerResponse> callerAndBody(Operation operation, Precondition precondition, WithBody handler) {
        return withBody(operation, precondition, handler, false);
    }

    /** An optional body, read once the caller may attempt {@code operation} there: an empty one reads as {@code {}}. */
    public HandlerFunction<ServerResponse> callerAndOptionalBody(Operation operation, Precondition precondition,
            WithBody handler) {
        return withBody(operation, precondition, handler, true);
    }

    public HandlerFunction<ServerResponse> anonymous(Anonymous handler) {
        return request -> bodies.read(request, false)
            .flatMap(body -> handler.handle(request, ManagementAuthentication.clientIp(request), body));
    }

    private static final Precondition NOTHING_MORE = (request, caller) -> Mono.empty();

    private HandlerFunction<ServerResponse> withBody(Operation operation, Precondition precondition, WithBody handler,
            boolean optional) {
        return request -> authentication.authenticate(request, basicProjectOnly)
            .flatMap(caller -> Access.require(caller, operation)
                .then(precondition.check(request, caller))
                .then(bodies.read(request, optional))
                .flatMap(body -> handler.handle(request, caller, body)));
    }
}
