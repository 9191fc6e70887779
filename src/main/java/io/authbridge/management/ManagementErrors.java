package io.authbridge.management;

import io.authbridge.error.ClientAborts;
import io.authbridge.error.ErrorDialect;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.error.GatewayError;
import io.authbridge.error.RequestBodyTimeoutException;
import io.authbridge.path.ShownPath;
import io.authbridge.token.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Turns whatever a management handler failed with into its dialect's answer, through the one
 * {@link ErrorResponseWriter}: refusals as the dialect words them ({@link #refusal}), and what no dialect
 * words alike, a store outage (503), a body over the limit (413), a client that went away (499, not logged, see
 * {@link ClientAborts}) and anything unexpected (500, logged).
 * Applied to every route of a dialect as a filter.
 */
public abstract class ManagementErrors implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private static final Logger log = LoggerFactory.getLogger(ManagementErrors.class);

    /** The one writer of error bodies. */
    protected final ErrorResponseWriter writer;

    private final ErrorDialect dialect;

    protected ManagementErrors(ErrorResponseWriter writer, ErrorDialect dialect) {
        this.writer = writer;
        this.dialect = dialect;
    }

    @Override
    public final Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        // deferred: a handler that throws before returning its Mono is answered in the dialect too
        return Mono.defer(() -> next.handle(request)).onErrorResume(failure -> answer(request, failure));
    }

    /**
     * The dialect's answer to a refusal: a {@link ManagementFailure}, or a failure of the dialect's own
     * request reading; null for anything else.
     */
    protected abstract Mono<ServerResponse> refusal(ServerRequest request, Throwable failure);

    /** {@code error} in this dialect; {@code title} replaces the standard text where the dialect has one. */
    protected final Mono<ServerResponse> respond(ServerRequest request, GatewayError error, String title) {
        return writer.respond(request.exchange(), dialect, error, title);
    }

    private Mono<ServerResponse> answer(ServerRequest request, Throwable failure) {
        if (ClientAborts.isClientAbort(failure)) {
            // the client went away mid-request: nobody to answer, 499 in the access log and the metrics
            log.debug("Client went away during {} {}", request.method(), ShownPath.of(request.path()));
            return ServerResponse.status(ClientAborts.CLIENT_CLOSED_REQUEST).build();
        }
        if (RequestBodyTimeoutException.isCause(failure)) {
            return respond(request, GatewayError.REQUEST_TIMEOUT, null);
        }
        Mono<ServerResponse> refused = refusal(request, failure);
        if (refused != null) {
            return refused;
        }
        if (failure instanceof StoreUnavailableException) {
            log.warn("Management request {} {} failed: the store is unavailable", request.method(), ShownPath.of(request.path()));
            return respond(request, GatewayError.SERVICE_UNAVAILABLE, null);
        }
        if (failure instanceof DataBufferLimitException) {
            return respond(request, GatewayError.PAYLOAD_TOO_LARGE, null);
        }
        log.error("Unexpected failure on {} {}", request.method(), ShownPath.of(request.path()),
                writer.loggable(failure, request.exchange()));
        return respond(request, GatewayError.INTERNAL, null);
    }
}
