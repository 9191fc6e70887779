package io.authbridge.error;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

import io.authbridge.path.ShownPath;
import io.authbridge.token.StoreUnavailableException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Every failure that escapes a handler or the proxy ends here and is answered in the route's dialect: an
 * upstream that refuses or drops the connection is 502, one that does not answer in time is 504, a store
 * that does not answer is 503, the framework's own status errors keep their status, a client that went away
 * mid-request is 499 with no answer ({@link ClientAborts}), and only a defect of
 * ours is a 500 (logged with its stack trace and without the request's secrets, {@link RedactedFailure}; answered
 * without either).
 */
@Component
@Order(-2)
class GatewayErrorWebExceptionHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrorWebExceptionHandler.class);

    private final ErrorResponseWriter errors;

    GatewayErrorWebExceptionHandler(ErrorResponseWriter errors) {
        this.errors = errors;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            // the error goes on to the server, which cuts the response short and logs the error with Reactor's
            // checkpoints, one of which names the request with its query: without the request's secrets. Spring's
            // own line for this names the request too: it is off, this one says the same without the query
            if (ClientAborts.isClientAbort(failure)) {
                return Mono.error(failure);
            }
            log.warn("{} after the response to {} {} was committed ({}): the response is cut short",
                    describe(failure), exchange.getRequest().getMethod(),
                    ShownPath.of(exchange.getRequest().getPath().value()), exchange.getResponse().getStatusCode());
            return Mono.error(errors.loggable(failure, exchange));
        }
        if (ClientAborts.isClientAbort(failure)) {
            // nobody to answer: recorded as 499 (access log, metrics), not an error of the gateway's
            log.debug("Client went away during {} {}", exchange.getRequest().getMethod(),
                    ShownPath.of(exchange.getRequest().getPath().value()));
            exchange.getResponse().setStatusCode(ClientAborts.CLIENT_CLOSED_REQUEST);
            return Mono.empty();
        }
        GatewayError error = classify(failure);
        if (error == GatewayError.INTERNAL) {
            log.error("Unexpected failure on {} {}", exchange.getRequest().getMethod(),
                    ShownPath.of(exchange.getRequest().getPath().value()),
                    errors.loggable(failure, exchange));
        }
        else if (error.status(ErrorDialect.EXCEPTIONLESS).is5xxServerError()) {
            log.warn("{} on {} {}: {}", error.title(), exchange.getRequest().getMethod(),
                    ShownPath.of(exchange.getRequest().getPath().value()),
                    describe(failure));
        }
        return errors.write(exchange, error);
    }

    static GatewayError classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ResponseStatusException status) {
                return GatewayError.forStatus(status.getStatusCode().value());
            }
            if (cause instanceof StoreUnavailableException) {
                return GatewayError.SERVICE_UNAVAILABLE;
            }
            if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException
                    || cause instanceof ConnectTimeoutException) {
                return GatewayError.GATEWAY_TIMEOUT;
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof PrematureCloseException || cause instanceof ClosedChannelException) {
                return GatewayError.BAD_GATEWAY;
            }
            if (cause instanceof DataBufferLimitException) {
                return GatewayError.PAYLOAD_TOO_LARGE;
            }
            if (cause instanceof DecodingException || isUnbuildableQuery(cause)) {
                return GatewayError.BAD_REQUEST;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return GatewayError.INTERNAL;
    }

    /**
     * Spring Cloud Gateway's request parameter filters ({@code AddRequestParameter}, {@code RemoveRequestParameter},
     * {@code RewriteRequestParameter}) refuse a query they cannot build from the client's request (a path variable
     * that holds an escaped space, added to a query taken as escaped): the client's request as written cannot be
     * served, a 400 rather than the 500 the gateway answers.
     */
    private static boolean isUnbuildableQuery(Throwable cause) {
        StackTraceElement[] stack = cause.getStackTrace();
        return cause instanceof IllegalStateException && cause.getMessage() != null
                && cause.getMessage().startsWith("Invalid URI query") && stack.length > 0
                && stack[0].getClassName().startsWith("org.springframework.cloud.gateway.filter.factory.")
                && stack[0].getClassName().contains("RequestParameterGatewayFilterFactory");
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
