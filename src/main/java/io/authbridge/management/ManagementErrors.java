package io.authbridge.management;

import io.authbridge.error.ErrorDialect;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.error.GatewayError;
import io.authbridge.token.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Turns what a management handler failed with into the dialect's error response, through the one
 * {@link ErrorResponseWriter}. Applied to every management route as a filter.
 */
public final class ManagementErrors implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private static final Logger log = LoggerFactory.getLogger(ManagementErrors.class);

    private final ErrorResponseWriter writer;

    private final ErrorDialect dialect;

    public ManagementErrors(ErrorResponseWriter writer, ErrorDialect dialect) {
        this.writer = writer;
        this.dialect = dialect;
    }

    @Override
    public Mono<ServerResponse> filter(ServerRequest request,
            org.springframework.web.reactive.function.server.HandlerFunction<ServerResponse> next) {
        // deferred: a handler that throws before returning its Mono is answered in the dialect too
        return Mono.defer(() -> next.handle(request)).onErrorResume(failure -> respond(request, failure));
    }

    Mono<ServerResponse> respond(ServerRequest request, Throwable failure) {
        if (failure instanceof ManagementException managed) {
            if (managed.fieldErrors() != null) {
                return writer.respondExceptionlessValidation(request.exchange(), HttpStatus.UNPROCESSABLE_CONTENT,
                        managed.fieldErrors());
            }
            if (managed.signalWireErrors() != null) {
                return writer.respondSignalWireValidation(managed.signalWireErrors());
            }
            String title = dialect == ErrorDialect.EXCEPTIONLESS ? managed.title() : null;
            return writer.respond(request.exchange(), dialect, managed.error(), title);
        }
        if (failure instanceof StoreUnavailableException) {
            log.warn("Management request {} {} failed: the store is unavailable", request.method(), request.path());
            return writer.respond(request.exchange(), dialect, GatewayError.SERVICE_UNAVAILABLE, null);
        }
        if (failure instanceof DataBufferLimitException) {
            return writer.respond(request.exchange(), dialect, GatewayError.PAYLOAD_TOO_LARGE, null);
        }
        log.error("Unexpected failure on {} {}", request.method(), request.path(), failure);
        return writer.respond(request.exchange(), dialect, GatewayError.INTERNAL, null);
    }
}
